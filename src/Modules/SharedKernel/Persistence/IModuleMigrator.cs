using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>Each module registers one; the Host applies them all at start and closes them all at shutdown.</summary>
public interface IModuleMigrator
{
    string Module { get; }

    Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>The database answers and has every migration applied (readiness).</summary>
    Task<bool> IsReadyAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>
    /// At shutdown, once nothing uses the database any more: SQLite moves its write-ahead log into the database file
    /// and closes its pooled connections, so the file is whole on its own. Nothing to do for other providers.
    /// </summary>
    Task CloseAsync(IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>
/// Applies a module's migrations, then its optional <paramref name="seed"/> (start-up data such as the initial catalogue);
/// on PostgreSQL both under the migration lock, so instances starting together neither migrate nor seed twice.
/// </summary>
public sealed class ModuleMigrator<TContext>(string module, Func<TContext, CancellationToken, Task>? seed = null) : IModuleMigrator
    where TContext : DbContext
{
    /// <summary>
    /// One PostgreSQL advisory lock for every module's migrations: instances starting together take turns, so two never
    /// create the same schema or apply the same migration at once. ("MFAM" in ASCII.)
    /// </summary>
    public const long PostgreSqlMigrationLock = 0x4D46_414D;

    public string Module => module;

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        var database = context.Database;
        if (database.IsNpgsql())
        {
            // The lock belongs to the session: keep one connection open from lock to unlock.
            await database.OpenConnectionAsync(cancellationToken);
            try
            {
                await database.ExecuteSqlAsync($"SELECT pg_advisory_lock({PostgreSqlMigrationLock})", cancellationToken);
                try
                {
                    // On an empty database EF Core reads the migrations history before it creates the table, and logs the
                    // failing SELECT as an error (once per module, on every first start), which an operator's alerting
                    // pages on. Creating the empty table first, idempotently (under the lock), leaves nothing to fail.
                    await database.ExecuteSqlRawAsync(context.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
                    await database.MigrateAsync(cancellationToken);
                    await SeedAsync(context, cancellationToken);
                }
                finally
                {
                    await database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgreSqlMigrationLock})", CancellationToken.None);
                }
            }
            finally
            {
                await database.CloseConnectionAsync();
            }

            return;
        }

        await database.MigrateAsync(cancellationToken);
        await SeedAsync(context, cancellationToken);
        if (database.IsSqlite())
        {
            // WAL lets readers (the policy path) proceed while one writer writes.
            await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    public async Task CloseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        if (!context.Database.IsSqlite())
            return;
        await context.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        // The last connection to close removes the emptied -wal and the -shm files.
        SqliteConnection.ClearPool((SqliteConnection)context.Database.GetDbConnection());
    }

    private async Task SeedAsync(TContext context, CancellationToken cancellationToken)
    {
        if (seed is not null)
            await seed(context, cancellationToken);
    }

    public async Task<bool> IsReadyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        return await context.Database.CanConnectAsync(cancellationToken)
            && !(await context.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
    }
}
