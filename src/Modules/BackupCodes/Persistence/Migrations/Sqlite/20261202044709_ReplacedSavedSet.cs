using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.BackupCodes.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReplacedSavedSet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ReplacedSavedSet",
                table: "backup_code_sets",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReplacedSavedSet",
                table: "backup_code_sets");
        }
    }
}
