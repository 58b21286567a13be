using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.BackupCodes.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OneCurrentSet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Two concurrent generations could leave a user several current sets before this index. Keep the newest
            // (a tie broken by id) and retire the others at the moment it was made, as its generation would have; the
            // newest is never changed here, so the answer does not depend on the order rows are updated in. Creating
            // the index then cannot fail on an existing database.
            migrationBuilder.Sql("""
                UPDATE backup_codes.backup_code_sets AS s SET
                    "RetiredAt" = (SELECT MAX(newer."GeneratedAt") FROM backup_codes.backup_code_sets newer
                        WHERE newer."UserId" = s."UserId" AND newer."RetiredAt" IS NULL
                          AND (newer."GeneratedAt" > s."GeneratedAt" OR (newer."GeneratedAt" = s."GeneratedAt" AND newer."Id" > s."Id"))),
                    "ProtectedCodesForDisplay" = NULL
                WHERE "RetiredAt" IS NULL AND EXISTS (SELECT 1 FROM backup_codes.backup_code_sets newer
                    WHERE newer."UserId" = s."UserId" AND newer."RetiredAt" IS NULL
                      AND (newer."GeneratedAt" > s."GeneratedAt" OR (newer."GeneratedAt" = s."GeneratedAt" AND newer."Id" > s."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_backup_code_sets_one_current_per_user",
                schema: "backup_codes",
                table: "backup_code_sets",
                column: "UserId",
                unique: true,
                filter: "\"RetiredAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_backup_code_sets_one_current_per_user",
                schema: "backup_codes",
                table: "backup_code_sets");
        }
    }
}
