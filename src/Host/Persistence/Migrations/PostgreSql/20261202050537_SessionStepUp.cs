using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Host.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SessionStepUp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SecondFactorAt",
                schema: "host",
                table: "user_sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StepUpSpentAt",
                schema: "host",
                table: "user_sessions",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SecondFactorAt",
                schema: "host",
                table: "user_sessions");

            migrationBuilder.DropColumn(
                name: "StepUpSpentAt",
                schema: "host",
                table: "user_sessions");
        }
    }
}
