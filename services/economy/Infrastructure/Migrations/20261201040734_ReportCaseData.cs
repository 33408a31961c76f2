using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NamndFollowUp.Economy.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportCaseData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "CommitteeMeetingDate",
                table: "economy_reports",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DocumentDate",
                table: "economy_reports",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreparedBy",
                table: "economy_reports",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CommitteeMeetingDate",
                table: "economy_reports");

            migrationBuilder.DropColumn(
                name: "DocumentDate",
                table: "economy_reports");

            migrationBuilder.DropColumn(
                name: "PreparedBy",
                table: "economy_reports");
        }
    }
}
