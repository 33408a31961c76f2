using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace NamndFollowUp.Planning.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class StatusVocabulary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StatusWord",
                table: "assignment_status_reports",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "status_vocabularies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MunicipalityCode = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Words = table.Column<string>(type: "jsonb", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_status_vocabularies", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_status_vocabularies_MunicipalityCode",
                table: "status_vocabularies",
                column: "MunicipalityCode",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "status_vocabularies");

            migrationBuilder.DropColumn(
                name: "StatusWord",
                table: "assignment_status_reports");
        }
    }
}
