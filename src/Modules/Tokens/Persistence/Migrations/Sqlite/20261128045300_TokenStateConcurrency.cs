using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MfaMonolith.Modules.Tokens.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TokenStateConcurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
