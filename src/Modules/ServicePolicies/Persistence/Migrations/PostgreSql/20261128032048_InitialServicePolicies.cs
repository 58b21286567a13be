using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.ServicePolicies.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InitialServicePolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "service_policies");

            migrationBuilder.CreateTable(
                name: "mfa_settings",
                schema: "service_policies",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Mode = table.Column<int>(type: "integer", nullable: false),
                    IncludedCategories = table.Column<string>(type: "text", nullable: false),
                    ExcludedRelyingParties = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_mfa_settings", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "service_categories",
                schema: "service_policies",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_categories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "verification_lockouts",
                schema: "service_policies",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    LockoutCount = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_verification_lockouts", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "relying_parties",
                schema: "service_policies",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Label = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CategoryId = table.Column<string>(type: "character varying(128)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relying_parties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_relying_parties_service_categories_CategoryId",
                        column: x => x.CategoryId,
                        principalSchema: "service_policies",
                        principalTable: "service_categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_relying_parties_CategoryId",
                schema: "service_policies",
                table: "relying_parties",
                column: "CategoryId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "mfa_settings",
                schema: "service_policies");

            migrationBuilder.DropTable(
                name: "relying_parties",
                schema: "service_policies");

            migrationBuilder.DropTable(
                name: "verification_lockouts",
                schema: "service_policies");

            migrationBuilder.DropTable(
                name: "service_categories",
                schema: "service_policies");
        }
    }
}
