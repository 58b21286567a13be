using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.Tokens.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ImportedTotpParameters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Hash",
                schema: "tokens",
                table: "totp_tokens",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ImportSerial",
                schema: "tokens",
                table: "totp_tokens",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_totp_tokens_UserId_ImportSerial",
                schema: "tokens",
                table: "totp_tokens",
                columns: new[] { "UserId", "ImportSerial" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_totp_tokens_UserId_ImportSerial",
                schema: "tokens",
                table: "totp_tokens");

            migrationBuilder.DropColumn(
                name: "Hash",
                schema: "tokens",
                table: "totp_tokens");

            migrationBuilder.DropColumn(
                name: "ImportSerial",
                schema: "tokens",
                table: "totp_tokens");
        }
    }
}
