using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NamndFollowUp.KeyFigures.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportSnapshotsPerSubmission : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_report_snapshots_ReportKey_Version_Status",
                table: "report_snapshots");

            migrationBuilder.CreateIndex(
                name: "IX_report_snapshots_ReportKey_Version_TakenAt",
                table: "report_snapshots",
                columns: new[] { "ReportKey", "Version", "TakenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_report_snapshots_ReportKey_Version_TakenAt",
                table: "report_snapshots");

            migrationBuilder.CreateIndex(
                name: "IX_report_snapshots_ReportKey_Version_Status",
                table: "report_snapshots",
                columns: new[] { "ReportKey", "Version", "Status" },
                unique: true);
        }
    }
}
