using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NamndFollowUp.KeyFigures.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class KoladaValuesPerMunicipality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_kolada_values_KpiId_Year_AreaId_Gender",
                table: "kolada_values");

            migrationBuilder.AddColumn<string>(
                name: "MunicipalityCode",
                table: "kolada_values",
                type: "character varying(4)",
                maxLength: 4,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_kolada_values_MunicipalityCode_KpiId_Year_AreaId_Gender",
                table: "kolada_values",
                columns: new[] { "MunicipalityCode", "KpiId", "Year", "AreaId", "Gender" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_kolada_values_MunicipalityCode_KpiId_Year_AreaId_Gender",
                table: "kolada_values");

            migrationBuilder.DropColumn(
                name: "MunicipalityCode",
                table: "kolada_values");

            migrationBuilder.CreateIndex(
                name: "IX_kolada_values_KpiId_Year_AreaId_Gender",
                table: "kolada_values",
                columns: new[] { "KpiId", "Year", "AreaId", "Gender" },
                unique: true);
        }
    }
}
