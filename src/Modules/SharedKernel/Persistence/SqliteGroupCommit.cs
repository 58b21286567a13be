using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>
/// Durable commits that share their fsync (ADR 0017). Each connection runs <c>synchronous=NORMAL</c>, so SQLite's
/// COMMIT appends to the WAL without syncing it; then, after the write gate has let the next writer in, the committer
/// awaits an fsync of the WAL that started after its commit. Commits that land while one fsync runs share the next
/// one. Nobody is answered before their commit is on disk, as with <c>synchronous=FULL</c>, but the file's one writer
/// no longer waits for the disk, and 64 callers need a handful of fsyncs instead of 64.
/// </summary>
public static class SqliteGroupCommit
{
    public const string ConnectionPragma = "PRAGMA synchronous=NORMAL;";

    private static readonly ConcurrentDictionary<string, WalFlusher> Flushers = new(StringComparer.Ordinal);

    /// <summary>The interceptors, in the order they must run: after <see cref="SqliteWriteGate"/>.</summary>
    public static readonly IInterceptor[] Interceptors = [new NormalSynchronousConnections(), new DurableTransactions(), new DurableStatements(), new AlwaysInTransaction()];

    /// <summary>How many fsyncs a file's WAL has had (for tests and the benchmark).</summary>
    public static long FsyncCount(string databaseFile) => Flushers.TryGetValue(databaseFile, out var flusher) ? flusher.Fsyncs : 0;

    private static Task FlushAsync(DbConnection? connection) =>
        connection is null || string.IsNullOrEmpty(connection.DataSource)
            ? Task.CompletedTask
            : Flushers.GetOrAdd(connection.DataSource, file => new WalFlusher(file + "-wal")).FlushAsync();

    /// <summary>A pooled connection keeps its pragma: it is set once per physical connection, not at every open.</summary>
    private sealed class NormalSynchronousConnections : DbConnectionInterceptor
    {
        private readonly ConditionalWeakTable<sqlite3, object> configured = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (NeedsPragma(connection) is not { } handle)
                return;
            using var pragma = connection.CreateCommand();
            pragma.CommandText = ConnectionPragma;
            pragma.ExecuteNonQuery();
            configured.AddOrUpdate(handle, handle);
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (NeedsPragma(connection) is not { } handle)
                return;
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = ConnectionPragma;
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            configured.AddOrUpdate(handle, handle);
        }

        // Without a handle nothing is set, and SQLite stays at its default FULL: slower, never less durable.
        private sqlite3? NeedsPragma(DbConnection connection) =>
            connection is SqliteConnection { Handle: { } handle } && !configured.TryGetValue(handle, out _) ? handle : null;
    }

    private sealed class DurableTransactions : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
            FlushAsync(eventData.Context?.Database.GetDbConnection()).GetAwaiter().GetResult();

        // Not the request's token: a caller who gave up still must not see its commit undone by a power loss.
        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
            FlushAsync(eventData.Context?.Database.GetDbConnection());
    }

    /// <summary>ExecuteUpdate and ExecuteDelete run outside a transaction: SQLite commits each on its own.</summary>
    private sealed class DurableStatements : DbCommandInterceptor
    {
        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            if (command.Transaction is null && result > 0)
                FlushAsync(command.Connection).GetAwaiter().GetResult();
            return result;
        }

        public override async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (command.Transaction is null && result > 0)
                await FlushAsync(command.Connection);
            return result;
        }
    }

    /// <summary>
    /// EF runs a single-statement SaveChanges as one INSERT … RETURNING outside any transaction, committed when its reader
    /// closes, where no interceptor can await. In a transaction of its own, its commit is awaited like every other.
    /// </summary>
    private sealed class AlwaysInTransaction : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            UseTransaction(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            UseTransaction(eventData.Context);
            return ValueTask.FromResult(result);
        }

        private static void UseTransaction(DbContext? context)
        {
            if (context is not null)
                context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }
}
