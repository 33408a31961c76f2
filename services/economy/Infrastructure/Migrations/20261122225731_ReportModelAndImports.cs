using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NamndFollowUp.Economy.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReportModelAndImports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "ForecastAmount",
                table: "allocations",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "InterventionCostBudget",
                table: "activity_figures",
                type: "numeric",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "InterventionCostForecast",
                table: "activity_figures",
                type: "numeric",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "activity_codes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ScbCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_activity_codes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "budget_adjustments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    Reference = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    AreaName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_budget_adjustments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "economy_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    ForecastName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    report_status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    report_version = table.Column<int>(type: "integer", nullable: false),
                    case_number = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    decision_date = table.Column<DateOnly>(type: "date", nullable: true),
                    submitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    adopted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StatusChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_economy_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "investments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    MunicipalBudget = table.Column<decimal>(type: "numeric", nullable: true),
                    Outcome = table.Column<decimal>(type: "numeric", nullable: true),
                    Forecast = table.Column<decimal>(type: "numeric", nullable: true),
                    Comment = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_investments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "layout_areas",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Layout = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AreaName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    ActivityCodes = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_layout_areas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "narratives",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    Section = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_narratives", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "organisational_units",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_organisational_units", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "savings_measures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    DecisionReference = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DecidedByCommittee = table.Column<bool>(type: "boolean", nullable: false),
                    FullYearEffect = table.Column<decimal>(type: "numeric", nullable: false),
                    EffectThisYear = table.Column<decimal>(type: "numeric", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_savings_measures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_activity_codes_MunicipalityCode_Code",
                table: "activity_codes",
                columns: new[] { "MunicipalityCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_budget_adjustments_MunicipalityCode_CommitteeCode_Year_Peri~",
                table: "budget_adjustments",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "Reference", "AreaName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_economy_reports_MunicipalityCode_CommitteeCode_Year_PeriodP~",
                table: "economy_reports",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_investments_MunicipalityCode_CommitteeCode_Year_PeriodPoint",
                table: "investments",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_layout_areas_MunicipalityCode_CommitteeCode_Layout_AreaName",
                table: "layout_areas",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Layout", "AreaName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_narratives_MunicipalityCode_CommitteeCode_Year_PeriodPoint_~",
                table: "narratives",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "Section" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_organisational_units_MunicipalityCode_CommitteeCode_Code",
                table: "organisational_units",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_savings_measures_MunicipalityCode_CommitteeCode_Year_Period~",
                table: "savings_measures",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "DecisionReference", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "activity_codes");

            migrationBuilder.DropTable(
                name: "budget_adjustments");

            migrationBuilder.DropTable(
                name: "economy_reports");

            migrationBuilder.DropTable(
                name: "investments");

            migrationBuilder.DropTable(
                name: "layout_areas");

            migrationBuilder.DropTable(
                name: "narratives");

            migrationBuilder.DropTable(
                name: "organisational_units");

            migrationBuilder.DropTable(
                name: "savings_measures");

            migrationBuilder.DropColumn(
                name: "ForecastAmount",
                table: "allocations");

            migrationBuilder.DropColumn(
                name: "InterventionCostBudget",
                table: "activity_figures");

            migrationBuilder.DropColumn(
                name: "InterventionCostForecast",
                table: "activity_figures");
        }
    }
}
