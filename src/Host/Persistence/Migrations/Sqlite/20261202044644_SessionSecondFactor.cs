using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Host.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionSecondFactor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "SecondFactorAt",
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
        }
    }
}
