using MfaMonolith.SharedKernel.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Respawn;
using Respawn.Graph;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;

namespace MfaMonolith.Tests.Support.PostgreSql;

/// <summary>
/// One Host on a PostgreSQL database of its own for all the tests of a class (an <c>IClassFixture</c>); each test calls
/// <see cref="ResetAsync"/> first, so it starts from freshly migrated, empty modules (Respawn deletes every row, then
/// the modules' start-up seeding runs again).
/// </summary>
public sealed class PostgreSqlApp : IAsyncLifetime
{
    /// <summary>Every module's schema, and the Host's.</summary>
    public static readonly string[] Schemas = ["tokens", "backup_codes", "service_policies", "audit", "host"];

    private Respawner? respawner;

    public PostgreSqlApp()
    {
        ConnectionString = TestPostgreSql.CreateDatabase("app");
        App = new MfaAppFactory { PostgreSqlConnectionString = ConnectionString }.WithApiClients();
    }

    public string ConnectionString { get; }

    public MfaAppFactory App { get; }

    public async Task InitializeAsync()
    {
        _ = App.Services; // starts the Host: migrations run now
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = DbAdapter.Postgres,
            SchemasToInclude = Schemas,
            // Migration histories stay (the schema is not reset), and so does the Data Protection key ring the running
            // Host has cached: without it, what the Host encrypted before a reset could not be read after it.
            TablesToIgnore = [new Table(ModuleDatabase.MigrationsHistoryTable), new Table("host", "data_protection_keys")],
        });
    }

    public async Task ResetAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await respawner!.ResetAsync(connection);
        }

        foreach (var migrator in App.Services.GetServices<IModuleMigrator>())
            await migrator.MigrateAsync(App.Services, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        TestPostgreSql.DropDatabase(ConnectionString);
        return Task.CompletedTask;
    }
}
