using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.Tokens.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxConsequences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Consequence",
                table: "security_event_outbox",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConsequencePayload",
                table: "security_event_outbox",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Consequence",
                table: "security_event_outbox");

            migrationBuilder.DropColumn(
                name: "ConsequencePayload",
                table: "security_event_outbox");
        }
    }
}
