using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NamndFollowUp.Economy.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ResultReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_budget_adjustments_MunicipalityCode_CommitteeCode_Year_Peri~",
                table: "budget_adjustments");

            migrationBuilder.AlterColumn<decimal>(
                name: "FullYearEffect",
                table: "savings_measures",
                type: "numeric",
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric");

            migrationBuilder.AlterColumn<decimal>(
                name: "EffectThisYear",
                table: "savings_measures",
                type: "numeric",
                nullable: true,
                oldClrType: typeof(decimal),
                oldType: "numeric");

            migrationBuilder.AlterColumn<string>(
                name: "DecidedBy",
                table: "budget_adjustments",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(2)",
                oldMaxLength: 2);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DecidedOn",
                table: "budget_adjustments",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "budget_adjustments",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Stored adjustments were one per reference and area: number them within their reference, in the order stored.
            migrationBuilder.Sql("""
                UPDATE budget_adjustments AS a SET "Sequence" = n.seq
                FROM (SELECT "Id", row_number() OVER (PARTITION BY "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "Reference" ORDER BY "Id") AS seq
                      FROM budget_adjustments) AS n
                WHERE a."Id" = n."Id"
                """);

            migrationBuilder.CreateTable(
                name: "committee_names",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_committee_names", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deviation_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric", nullable: true),
                    FullTimeEquivalents = table.Column<decimal>(type: "numeric", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deviation_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "municipality_names",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_municipality_names", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "savings_decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    Reference = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FullYearEffect = table.Column<decimal>(type: "numeric", nullable: true),
                    EffectThisYear = table.Column<decimal>(type: "numeric", nullable: true),
                    Requirement = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RequirementAmount = table.Column<decimal>(type: "numeric", nullable: true),
                    AchievedEffect = table.Column<decimal>(type: "numeric", nullable: true),
                    Description = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_savings_decisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "stated_deviations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    CommitteeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: false),
                    PeriodPoint = table.Column<int>(type: "integer", nullable: false),
                    UnitCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Deviation = table.Column<decimal>(type: "numeric", nullable: true),
                    ForecastDeviation = table.Column<decimal>(type: "numeric", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stated_deviations", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_budget_adjustments_MunicipalityCode_CommitteeCode_Year_Peri~",
                table: "budget_adjustments",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "Reference", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_committee_names_MunicipalityCode_CommitteeCode",
                table: "committee_names",
                columns: new[] { "MunicipalityCode", "CommitteeCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_deviation_items_MunicipalityCode_CommitteeCode_Year_PeriodP~",
                table: "deviation_items",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "UnitCode", "Kind", "Description" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_municipality_names_MunicipalityCode",
                table: "municipality_names",
                column: "MunicipalityCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_savings_decisions_MunicipalityCode_CommitteeCode_Year_Perio~",
                table: "savings_decisions",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_stated_deviations_MunicipalityCode_CommitteeCode_Year_Perio~",
                table: "stated_deviations",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "UnitCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "committee_names");

            migrationBuilder.DropTable(
                name: "deviation_items");

            migrationBuilder.DropTable(
                name: "municipality_names");

            migrationBuilder.DropTable(
                name: "savings_decisions");

            migrationBuilder.DropTable(
                name: "stated_deviations");

            migrationBuilder.DropIndex(
                name: "IX_budget_adjustments_MunicipalityCode_CommitteeCode_Year_Peri~",
                table: "budget_adjustments");

            migrationBuilder.DropColumn(
                name: "DecidedOn",
                table: "budget_adjustments");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "budget_adjustments");

            migrationBuilder.AlterColumn<decimal>(
                name: "FullYearEffect",
                table: "savings_measures",
                type: "numeric",
                nullable: false,
                defaultValue: 0m,
                oldClrType: typeof(decimal),
                oldType: "numeric",
                oldNullable: true);

            migrationBuilder.AlterColumn<decimal>(
                name: "EffectThisYear",
                table: "savings_measures",
                type: "numeric",
                nullable: false,
                defaultValue: 0m,
                oldClrType: typeof(decimal),
                oldType: "numeric",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DecidedBy",
                table: "budget_adjustments",
                type: "character varying(2)",
                maxLength: 2,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10);

            migrationBuilder.CreateIndex(
                name: "IX_budget_adjustments_MunicipalityCode_CommitteeCode_Year_Peri~",
                table: "budget_adjustments",
                columns: new[] { "MunicipalityCode", "CommitteeCode", "Year", "PeriodPoint", "Reference", "AreaName" },
                unique: true);
        }
    }
}
