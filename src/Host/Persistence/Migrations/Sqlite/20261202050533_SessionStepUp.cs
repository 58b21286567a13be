using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Host.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionStepUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SecondFactorAt",
                table: "user_sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "StepUpSpentAt",
                table: "user_sessions",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SecondFactorAt",
                table: "user_sessions");

            migrationBuilder.DropColumn(
                name: "StepUpSpentAt",
                table: "user_sessions");
        }
    }
}
