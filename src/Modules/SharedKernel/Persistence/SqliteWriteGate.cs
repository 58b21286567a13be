using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>
/// One writer at a time per SQLite file, waited for in process. SQLite allows a single writer; when pooled connections
/// compete for its lock, Microsoft.Data.Sqlite answers SQLITE_BUSY by sleeping 150 ms and retrying, which would show as
/// login stalls. Here a write (a transaction, or a single write statement outside one) first awaits the file's gate,
/// so writers queue for microseconds instead. Reads never wait: with WAL they run beside the writer.
/// </summary>
public sealed class SqliteWriteGate : DbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly SqliteWriteGate Instance = new();

    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    private static readonly string[] WriteVerbs = ["INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "ALTER", "DROP"];

    private readonly ConcurrentDictionary<string, WriterGate> gates = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<DbConnection, Holder> holders = [];
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> transactions = [];

    private SqliteWriteGate() { }

    // Transactions hold the gate from BEGIN to COMMIT or ROLLBACK.
    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await AcquireAsync(connection, cancellationToken);
        return result;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Acquire(connection);
        return result;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        transactions.AddOrUpdate(result, connection);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => ReleaseTransaction(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseTransaction(transaction);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => ReleaseTransaction(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseTransaction(transaction);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ReleaseTransaction(transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseTransaction(transaction);
        return Task.CompletedTask;
    }

    // A write statement outside a transaction (ExecuteUpdate, a single-statement SaveChanges) holds it while it runs.
    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await AcquireForStatementAsync(command, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        AcquireForStatement(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ReleaseStatement(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ReleaseStatement(command);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await AcquireForStatementAsync(command, cancellationToken);
        return result;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        AcquireForStatement(command);
        return result;
    }

    public override InterceptionResult DataReaderClosing(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        ReleaseStatement(command);
        return result;
    }

    public override ValueTask<InterceptionResult> DataReaderClosingAsync(DbCommand command, DataReaderClosingEventData eventData, InterceptionResult result)
    {
        ReleaseStatement(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        ReleaseStatement(command);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await AcquireForStatementAsync(command, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        AcquireForStatement(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        ReleaseStatement(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        ReleaseStatement(command);
        return result;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ReleaseStatement(command);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseStatement(command);
        return Task.CompletedTask;
    }

    // Whatever happened, a closed connection holds nothing.
    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    public void ConnectionDisposed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    private static bool IsWriteOutsideTransaction(DbCommand command)
    {
        if (command.Transaction is not null || command.Connection is null)
            return false;
        var sql = command.CommandText.AsSpan().TrimStart();
        foreach (var verb in WriteVerbs)
        {
            if (sql.StartsWith(verb, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    private async ValueTask AcquireForStatementAsync(DbCommand command, CancellationToken ct)
    {
        if (IsWriteOutsideTransaction(command))
            await AcquireAsync(command.Connection!, ct);
    }

    private void AcquireForStatement(DbCommand command)
    {
        if (IsWriteOutsideTransaction(command))
            Acquire(command.Connection!);
    }

    private void ReleaseStatement(DbCommand command)
    {
        if (command.Transaction is null)
            Release(command.Connection);
    }

    private async ValueTask AcquireAsync(DbConnection connection, CancellationToken ct)
    {
        var holder = holders.GetOrCreateValue(connection);
        if (Volatile.Read(ref holder.Gate) is not null)
            return;
        var gate = GateOf(connection);
        try
        {
            await gate.WaitAsync(MaxWait, ct);
        }
        catch (TimeoutException)
        {
            throw TimedOut(connection);
        }

        Volatile.Write(ref holder.Gate, gate);
    }

    private void Acquire(DbConnection connection)
    {
        var holder = holders.GetOrCreateValue(connection);
        if (Volatile.Read(ref holder.Gate) is not null)
            return;
        var gate = GateOf(connection);
        try
        {
            gate.Wait(MaxWait);
        }
        catch (TimeoutException)
        {
            throw TimedOut(connection);
        }

        Volatile.Write(ref holder.Gate, gate);
    }

    private void ReleaseTransaction(DbTransaction transaction)
    {
        if (transactions.TryGetValue(transaction, out var connection))
        {
            transactions.Remove(transaction);
            Release(connection);
        }
    }

    private void Release(DbConnection? connection)
    {
        if (connection is not null && holders.TryGetValue(connection, out var holder) && Interlocked.Exchange(ref holder.Gate, null) is { } gate)
            gate.Release();
    }

    private static TimeoutException TimedOut(DbConnection connection) =>
        new($"Waited more than {MaxWait.TotalSeconds} s to write to {connection.DataSource}.");

    private WriterGate GateOf(DbConnection connection) =>
        gates.GetOrAdd(string.IsNullOrEmpty(connection.DataSource) ? connection.ConnectionString : connection.DataSource, _ => new WriterGate());

    private sealed class Holder
    {
        public WriterGate? Gate;
    }
}
