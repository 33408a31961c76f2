using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NamndFollowUp.Planning.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class FollowUpsPlansAndSpecialReporting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StructuredReport",
                table: "assignment_status_reports",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "assignments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    FocusGoalNumber = table.Column<int>(type: "integer", nullable: false),
                    CommitteeCodes = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "focus_goals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    ShowsEconomicResult = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_focus_goals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "follow_ups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    report_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    report_version = table.Column<int>(type: "integer", nullable: false),
                    case_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    decision_date = table.Column<DateOnly>(type: "date", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    adopted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Content = table.Column<string>(type: "jsonb", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_ups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "special_reporting_rounds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    RoundCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "text", nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Questions = table.Column<string>(type: "jsonb", nullable: false),
                    CommitteeCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_special_reporting_rounds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "special_reporting_answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoundId = table.Column<long>(type: "bigint", nullable: false),
                    MunicipalityCode = table.Column<string>(type: "text", nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    QuestionNumber = table.Column<int>(type: "integer", nullable: false),
                    Answer = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_special_reporting_answers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_special_reporting_answers_special_reporting_rounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "special_reporting_rounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_assignment_status_reports_MunicipalityCode_Year_PeriodPoint~",
                table: "assignment_status_reports",
                columns: new[] { "MunicipalityCode", "Year", "PeriodPoint", "AssignmentNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_assignments_MunicipalityCode_Year_Number",
                table: "assignments",
                columns: new[] { "MunicipalityCode", "Year", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_focus_goals_MunicipalityCode_Year_Number",
                table: "focus_goals",
                columns: new[] { "MunicipalityCode", "Year", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_follow_ups_MunicipalityCode_CommitteeCode_Year_PeriodPoint",
                table: "follow_ups",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_special_reporting_answers_RoundId_CommitteeCode_QuestionNum~",
                table: "special_reporting_answers",
                columns: new[] { "RoundId", "CommitteeCode", "QuestionNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_special_reporting_rounds_MunicipalityCode_RoundCode",
                table: "special_reporting_rounds",
                columns: new[] { "MunicipalityCode", "RoundCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "assignments");

            migrationBuilder.DropTable(
                name: "focus_goals");

            migrationBuilder.DropTable(
                name: "follow_ups");

            migrationBuilder.DropTable(
                name: "special_reporting_answers");

            migrationBuilder.DropTable(
                name: "special_reporting_rounds");

            migrationBuilder.DropIndex(
                name: "IX_assignment_status_reports_MunicipalityCode_Year_PeriodPoint~",
                table: "assignment_status_reports");

            migrationBuilder.DropColumn(
                name: "StructuredReport",
                table: "assignment_status_reports");
        }
    }
}
