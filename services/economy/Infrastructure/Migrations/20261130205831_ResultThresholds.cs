using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NamndFollowUp.Economy.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ResultThresholds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "result_thresholds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    ResultYellowBelow = table.Column<decimal>(type: "numeric", nullable: false),
                    ResultRedBelow = table.Column<decimal>(type: "numeric", nullable: false),
                    ChangeYellowBelow = table.Column<decimal>(type: "numeric", nullable: false),
                    ChangeRedBelow = table.Column<decimal>(type: "numeric", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_thresholds", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_result_thresholds_MunicipalityCode",
                table: "result_thresholds",
                column: "MunicipalityCode",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "result_thresholds");
        }
    }
}
