using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.BackupCodes.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class InitialBackupCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "backup_codes");

            migrationBuilder.CreateTable(
                name: "backup_code_sets",
                schema: "backup_codes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Salt = table.Column<byte[]>(type: "bytea", nullable: false),
                    Iterations = table.Column<int>(type: "integer", nullable: false),
                    GeneratedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProtectedCodesForDisplay = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_code_sets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "backup_codes",
                schema: "backup_codes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    SpentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backup_codes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_backup_codes_backup_code_sets_SetId",
                        column: x => x.SetId,
                        principalSchema: "backup_codes",
                        principalTable: "backup_code_sets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_backup_code_sets_UserId_RetiredAt",
                schema: "backup_codes",
                table: "backup_code_sets",
                columns: new[] { "UserId", "RetiredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_backup_codes_SetId_Position",
                schema: "backup_codes",
                table: "backup_codes",
                columns: new[] { "SetId", "Position" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "backup_codes",
                schema: "backup_codes");

            migrationBuilder.DropTable(
                name: "backup_code_sets",
                schema: "backup_codes");
        }
    }
}
