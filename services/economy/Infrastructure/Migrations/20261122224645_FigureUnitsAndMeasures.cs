using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NamndFollowUp.Economy.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class FigureUnitsAndMeasures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_activity_figures_MunicipalityCode_CommitteeCode_Year_Period~",
                table: "activity_figures");

            migrationBuilder.AddColumn<decimal>(
                name: "Costs",
                table: "activity_figures",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Forecast",
                table: "activity_figures",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Income",
                table: "activity_figures",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "InterventionCost",
                table: "activity_figures",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnitCode",
                table: "activity_figures",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_activity_figures_MunicipalityCode_CommitteeCode_Year_Period~",
                table: "activity_figures",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_activity_figures_MunicipalityCode_CommitteeCode_Year_Period~",
                table: "activity_figures");

            migrationBuilder.DropColumn(
                name: "Costs",
                table: "activity_figures");

            migrationBuilder.DropColumn(
                name: "Forecast",
                table: "activity_figures");

            migrationBuilder.DropColumn(
                name: "Income",
                table: "activity_figures");

            migrationBuilder.DropColumn(
                name: "InterventionCost",
                table: "activity_figures");

            migrationBuilder.DropColumn(
                name: "UnitCode",
                table: "activity_figures");

            migrationBuilder.CreateIndex(
                name: "IX_activity_figures_MunicipalityCode_CommitteeCode_Year_Period~",
                table: "activity_figures",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode" },
                unique: true);
        }
    }
}
