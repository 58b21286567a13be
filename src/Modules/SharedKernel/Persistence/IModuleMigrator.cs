using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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

public sealed class ModuleMigrator<TContext>(string module) : IModuleMigrator
    where TContext : DbContext
{
    public string Module => module;

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        await context.Database.MigrateAsync(cancellationToken);
        if (context.Database.IsSqlite())
        {
            // WAL lets readers (the policy path) proceed while one writer writes.
            await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
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

    public async Task<bool> IsReadyAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<TContext>();
        return await context.Database.CanConnectAsync(cancellationToken)
            && !(await context.Database.GetPendingMigrationsAsync(cancellationToken)).Any();
    }
}
