using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NamndFollowUp.KeyFigures.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class KoladaValueStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "kolada_values",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Status",
                table: "kolada_values");
        }
    }
}
