using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NamndFollowUp.KeyFigures.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class DefinitionsValuesReportsBenchmarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "comparison_groups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    GroupId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Members = table.Column<List<string>>(type: "text[]", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_comparison_groups", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "computed_key_figures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    DefinitionCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ActivityCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Value = table.Column<decimal>(type: "numeric", nullable: true),
                    NotComputableReason = table.Column<string>(type: "text", nullable: true),
                    Shown = table.Column<string>(type: "text", nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WasAdopted = table.Column<bool>(type: "boolean", nullable: false),
                    AdoptedValue = table.Column<decimal>(type: "numeric", nullable: true),
                    AdoptedShown = table.Column<string>(type: "text", nullable: true),
                    ChangedAfterAdoption = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_computed_key_figures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "economy_figures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    ActivityCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Actual = table.Column<decimal>(type: "numeric", nullable: true),
                    Costs = table.Column<decimal>(type: "numeric", nullable: true),
                    Income = table.Column<decimal>(type: "numeric", nullable: true),
                    InterventionCost = table.Column<decimal>(type: "numeric", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_economy_figures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "entered_inputs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    DefinitionCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    InputName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<decimal>(type: "numeric", nullable: false),
                    Source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entered_inputs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "key_figure_definitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ActivityCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActivityName = table.Column<string>(type: "text", nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Formula = table.Column<string>(type: "text", nullable: false),
                    Unit = table.Column<string>(type: "text", nullable: false),
                    DisplayScale = table.Column<decimal>(type: "numeric", nullable: false),
                    DisplayDecimals = table.Column<int>(type: "integer", nullable: false),
                    KoladaKpiId = table.Column<string>(type: "text", nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    inputs = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_key_figure_definitions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "key_figure_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    Lifecycle_Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Lifecycle_Version = table.Column<int>(type: "integer", nullable: false),
                    Lifecycle_CaseNumber = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Lifecycle_DecisionDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Lifecycle_SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Lifecycle_AdoptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_key_figure_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "kolada_values",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    KpiId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AreaId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    Gender = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    Value = table.Column<decimal>(type: "numeric", nullable: true),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kolada_values", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_comparison_groups_MunicipalityCode_GroupId",
                table: "comparison_groups",
                columns: new[] { "MunicipalityCode", "GroupId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_computed_key_figures_MunicipalityCode_CommitteeCode_Year_Pe~",
                table: "computed_key_figures",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "DefinitionCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_economy_figures_MunicipalityCode_CommitteeCode_Year_PeriodP~",
                table: "economy_figures",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "ActivityCode", "UnitCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_entered_inputs_MunicipalityCode_CommitteeCode_Year_PeriodPo~",
                table: "entered_inputs",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "DefinitionCode", "InputName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_key_figure_definitions_MunicipalityCode_Code",
                table: "key_figure_definitions",
                columns: new[] { "MunicipalityCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_key_figure_reports_MunicipalityCode_CommitteeCode_Year_Peri~",
                table: "key_figure_reports",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_kolada_values_KpiId_Year_AreaId_Gender",
                table: "kolada_values",
                columns: new[] { "KpiId", "Year", "AreaId", "Gender" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "comparison_groups");

            migrationBuilder.DropTable(
                name: "computed_key_figures");

            migrationBuilder.DropTable(
                name: "economy_figures");

            migrationBuilder.DropTable(
                name: "entered_inputs");

            migrationBuilder.DropTable(
                name: "key_figure_definitions");

            migrationBuilder.DropTable(
                name: "key_figure_reports");

            migrationBuilder.DropTable(
                name: "kolada_values");
        }
    }
}
