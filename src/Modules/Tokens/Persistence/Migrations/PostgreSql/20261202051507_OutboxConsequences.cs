using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.Tokens.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OutboxConsequences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Consequence",
                schema: "tokens",
                table: "security_event_outbox",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConsequencePayload",
                schema: "tokens",
                table: "security_event_outbox",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Consequence",
                schema: "tokens",
                table: "security_event_outbox");

            migrationBuilder.DropColumn(
                name: "ConsequencePayload",
                schema: "tokens",
                table: "security_event_outbox");
        }
    }
}
