using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.BackupCodes.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ReplacedSavedSet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ReplacedSavedSet",
                schema: "backup_codes",
                table: "backup_code_sets",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReplacedSavedSet",
                schema: "backup_codes",
                table: "backup_code_sets");
        }
    }
}
