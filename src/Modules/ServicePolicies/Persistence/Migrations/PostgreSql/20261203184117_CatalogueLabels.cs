using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.ServicePolicies.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CatalogueLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing entries get no labels per language: their one label counts as the default language's (CatalogueLabels.Effective).
            migrationBuilder.AddColumn<string>(
                name: "Labels",
                schema: "service_policies",
                table: "service_categories",
                type: "text",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "Labels",
                schema: "service_policies",
                table: "relying_parties",
                type: "text",
                nullable: false,
                defaultValue: "{}");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Labels",
                schema: "service_policies",
                table: "service_categories");

            migrationBuilder.DropColumn(
                name: "Labels",
                schema: "service_policies",
                table: "relying_parties");
        }
    }
}
