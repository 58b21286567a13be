using MfaMonolith.Tests.Support.PostgreSql;
using Npgsql;

namespace MfaMonolith.Tests.PostgreSql;

public sealed class ModuleSchemaTests(PostgreSqlApp postgres) : IClassFixture<PostgreSqlApp>
{
    [Fact]
    public async Task Each_module_keeps_its_tables_and_its_migrations_history_in_a_schema_of_its_own()
    {
        var tables = await TablesBySchemaAsync(postgres.ConnectionString);

        tables.Keys.Order().ShouldBe(PostgreSqlApp.Schemas.Order());
        tables["tokens"].ShouldBe(["__EFMigrationsHistory", "security_event_outbox", "security_keys", "totp_tokens", "webauthn_ceremonies"]);
        tables["backup_codes"].ShouldBe(["__EFMigrationsHistory", "backup_code_sets", "backup_codes", "security_event_outbox"]);
        tables["service_policies"].ShouldBe(["__EFMigrationsHistory", "mfa_settings", "relying_parties", "security_event_outbox", "service_categories", "verification_lockouts"]);
        tables["audit"].ShouldBe(["__EFMigrationsHistory", "audit_events"]);
        tables["host"].ShouldBe(["__EFMigrationsHistory", "api_clients", "data_protection_keys", "security_event_outbox", "user_sessions"]);
    }

    [Theory]
    [InlineData("tokens", "InitialTokens")]
    [InlineData("backup_codes", "InitialBackupCodes")]
    [InlineData("service_policies", "InitialServicePolicies")]
    [InlineData("audit", "InitialAudit")]
    [InlineData("host", "InitialHost")]
    public async Task Each_schema_records_only_its_own_module_migrations(string schema, string firstMigration)
    {
        var applied = await TestPostgreSql.ScalarAsync<string>(postgres.ConnectionString,
            $"SELECT string_agg(\"MigrationId\", ',' ORDER BY \"MigrationId\") FROM {schema}.\"__EFMigrationsHistory\"");

        applied.ShouldNotBeNull();
        applied.Split(',')[0].ShouldEndWith("_" + firstMigration);
        applied.Split(',').ShouldAllBe(id => !id.Contains("Initial") || id.EndsWith(firstMigration, StringComparison.Ordinal));
    }

    internal static async Task<Dictionary<string, List<string>>> TablesBySchemaAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_schema, table_name FROM information_schema.tables " +
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_schema, table_name COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new Dictionary<string, List<string>>();
        while (await reader.ReadAsync())
        {
            var schema = reader.GetString(0);
            if (!tables.TryGetValue(schema, out var names))
                tables[schema] = names = [];
            names.Add(reader.GetString(1));
        }

        return tables;
    }
}
