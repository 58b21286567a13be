using System.Reflection;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Npgsql;

namespace MfaMonolith.Tests.PostgreSql;

/// <summary>Both providers' migrations match the model, and instances starting together take turns migrating.</summary>
public sealed class MigrationTests
{
    private static readonly Assembly[] ProductAssemblies =
    [
        typeof(Program).Assembly,
        typeof(MfaMonolith.Modules.Tokens.TokensModule).Assembly,
        typeof(MfaMonolith.Modules.BackupCodes.BackupCodesModule).Assembly,
        typeof(MfaMonolith.Modules.ServicePolicies.ServicePoliciesModule).Assembly,
        typeof(MfaMonolith.Modules.Audit.AuditModule).Assembly,
    ];

    public static TheoryData<string> DesignTimeFactories() =>
        [.. ProductAssemblies.SelectMany(a => a.GetTypes()).Where(IsDesignTimeFactory).Select(t => t.FullName!)];

    [Fact]
    public void Every_context_has_migrations_for_both_providers()
    {
        var contexts = ProductAssemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsSubclassOf(typeof(DbContext)) && !t.IsAbstract)
            .Select(t => t.Name).Order().ToList();

        contexts.Count.ShouldBe(10, string.Join(", ", contexts));
        DesignTimeFactories().Count.ShouldBe(10, "one design-time factory per context, so `dotnet ef` finds each provider's model");
    }

    [Theory]
    [MemberData(nameof(DesignTimeFactories))]
    public void The_migrations_describe_the_model_exactly(string factoryType)
    {
        using var context = CreateDesignTimeContext(factoryType);

        context.Database.GetMigrations().ShouldNotBeEmpty();
        context.Database.HasPendingModelChanges().ShouldBeFalse($"{context.GetType().Name} has model changes without a migration: run dotnet ef migrations add");
    }

    [Fact]
    public async Task An_instance_waits_while_another_holds_the_migration_lock()
    {
        var database = TestPostgreSql.CreateDatabase("lock");
        try
        {
            await using var otherInstance = new NpgsqlConnection(database);
            await otherInstance.OpenAsync();
            await Execute(otherInstance, $"SELECT pg_advisory_lock({ModuleMigrator<DbContext>.PostgreSqlMigrationLock})");
            using var app = new MfaAppFactory { PostgreSqlConnectionString = database };

            var starting = Task.Run(() => app.Services);
            await WaitUntilAsync(async () => await TestPostgreSql.ScalarAsync<long>(database,
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted") == 1, starting);
            starting.IsCompleted.ShouldBeFalse("the instance started while another held the migration lock");
            (await SchemasAsync(database)).ShouldBeEmpty();

            await Execute(otherInstance, $"SELECT pg_advisory_unlock({ModuleMigrator<DbContext>.PostgreSqlMigrationLock})");
            await starting.WaitAsync(TimeSpan.FromSeconds(60));
            (await SchemasAsync(database)).Order().ShouldBe(PostgreSqlApp.Schemas.Order());
        }
        finally
        {
            TestPostgreSql.DropDatabase(database);
        }
    }

    [Fact]
    public async Task Instances_starting_together_on_an_empty_database_apply_each_migration_once()
    {
        var database = TestPostgreSql.CreateDatabase("together");
        // Instances on one database share one key-encryption certificate, or all but the first refuse to start.
        var certificateDirectory = Path.Combine(Path.GetTempPath(), "mfa-tests", "kek-" + Guid.NewGuid().ToString("N"));
        var certificate = TwoInstances.CreateKeyEncryptionCertificate(certificateDirectory);
        var apps = Enumerable.Range(0, 3).Select(_ => new MfaAppFactory { PostgreSqlConnectionString = database }).ToList();
        apps.ForEach(app => app.Settings["Mfa:KeyEncryption:CertificatePath"] = certificate);
        try
        {
            await Task.WhenAll(apps.Select(app => Task.Run(() => app.Services)));

            foreach (var schema in PostgreSqlApp.Schemas)
            {
                var (rows, distinct) = (await TestPostgreSql.ScalarAsync<long>(database, $"SELECT count(*) FROM {schema}.\"__EFMigrationsHistory\""),
                    await TestPostgreSql.ScalarAsync<long>(database, $"SELECT count(DISTINCT \"MigrationId\") FROM {schema}.\"__EFMigrationsHistory\""));
                rows.ShouldBeGreaterThan(0);
                rows.ShouldBe(distinct, $"schema {schema}");
            }
        }
        finally
        {
            apps.ForEach(app => app.Dispose());
            TestPostgreSql.DropDatabase(database);
            try { Directory.Delete(certificateDirectory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task The_first_start_on_an_empty_database_logs_no_error()
    {
        var database = TestPostgreSql.CreateDatabase("first-start");
        try
        {
            await using var host = HostProcess.Start("first-start", new Dictionary<string, string>
            {
                ["Mfa:Database:Provider"] = "PostgreSql",
                ["Mfa:Database:ConnectionString"] = database,
            });
            await host.WaitUntilReadyAsync();
            await host.StopAsync();

            // An operator's log alerting pages on errors: a first start that went well must not raise one.
            host.Output.ShouldNotContain("Failed executing DbCommand", customMessage: host.Output);
            host.Output.ShouldNotContain("fail:", customMessage: host.Output);
            host.Output.ShouldNotContain("crit:", customMessage: host.Output);
        }
        finally
        {
            TestPostgreSql.DropDatabase(database);
        }
    }

    private static bool IsDesignTimeFactory(Type type) =>
        !type.IsAbstract && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDesignTimeDbContextFactory<>));

    private static DbContext CreateDesignTimeContext(string factoryType)
    {
        var type = ProductAssemblies.Select(a => a.GetType(factoryType)).Single(t => t is not null)!;
        var factory = Activator.CreateInstance(type, nonPublic: true)!;
        return (DbContext)type.GetMethod("CreateDbContext")!.Invoke(factory, [Array.Empty<string>()])!;
    }

    private static async Task<List<string>> SchemasAsync(string database)
    {
        var schemas = await TestPostgreSql.ScalarAsync<string>(database,
            "SELECT string_agg(schema_name, ',') FROM information_schema.schemata WHERE schema_name = ANY(ARRAY['tokens','backup_codes','service_policies','audit','host'])");
        return schemas is null ? [] : [.. schemas.Split(',')];
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails if <paramref name="mustNotEnd"/> ends first or 30 s pass.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Task mustNotEnd)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            mustNotEnd.IsCompleted.ShouldBeFalse("the instance started without waiting for the migration lock");
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the instance never asked for the migration lock");
            await Task.Delay(50);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
