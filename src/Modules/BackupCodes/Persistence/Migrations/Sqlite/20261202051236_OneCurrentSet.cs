using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.BackupCodes.Persistence.Migrations.Sqlite
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
                UPDATE backup_code_sets SET
                    "RetiredAt" = (SELECT MAX(newer."GeneratedAt") FROM backup_code_sets newer
                        WHERE newer."UserId" = backup_code_sets."UserId" AND newer."RetiredAt" IS NULL
                          AND (newer."GeneratedAt" > backup_code_sets."GeneratedAt" OR (newer."GeneratedAt" = backup_code_sets."GeneratedAt" AND newer."Id" > backup_code_sets."Id"))),
                    "ProtectedCodesForDisplay" = NULL
                WHERE "RetiredAt" IS NULL AND EXISTS (SELECT 1 FROM backup_code_sets newer
                    WHERE newer."UserId" = backup_code_sets."UserId" AND newer."RetiredAt" IS NULL
                      AND (newer."GeneratedAt" > backup_code_sets."GeneratedAt" OR (newer."GeneratedAt" = backup_code_sets."GeneratedAt" AND newer."Id" > backup_code_sets."Id")));
                """);

            migrationBuilder.CreateIndex(
                name: "IX_backup_code_sets_one_current_per_user",
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
                table: "backup_code_sets");
        }
    }
}
