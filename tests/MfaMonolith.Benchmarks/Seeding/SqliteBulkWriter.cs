using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>
/// Prepared multi-row INSERTs, one transaction per batch. Durability is off on this connection only (the seed is thrown
/// away if the run fails); the Host's own connections keep the product's settings.
/// </summary>
internal sealed class SqliteBulkWriter : IBulkWriter
{
    /// <summary>Rows per statement: far fewer statements to step through, well within SQLite's 32,766 parameters.</summary>
    private const int RowsPerInsert = 100;

    private readonly SqliteConnection connection;
    private readonly Dictionary<(EntityTable, int), SqliteCommand> inserts = [];

    private SqliteBulkWriter(SqliteConnection connection) => this.connection = connection;

    public static async Task<IBulkWriter> OpenAsync(DbContext db, CancellationToken ct)
    {
        var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;";
            await pragmas.ExecuteNonQueryAsync(ct);
        }

        return new SqliteBulkWriter(connection);
    }

    public async Task WriteAsync(IReadOnlyList<(EntityTable Table, IReadOnlyList<object> Rows)> batch, CancellationToken ct)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        foreach (var (table, rows) in batch)
        {
            for (var first = 0; first < rows.Count; first += RowsPerInsert)
            {
                var count = Math.Min(RowsPerInsert, rows.Count - first);
                var insert = Insert(table, count);
                insert.Transaction = transaction;
                var parameter = 0;
                for (var row = first; row < first + count; row++)
                {
                    foreach (var column in table.Columns)
                        insert.Parameters[parameter++].Value = column.ProviderValue(rows[row]);
                }

                // Microsoft.Data.Sqlite runs statements synchronously anyway: the async call would only add a task per statement.
                insert.ExecuteNonQuery();
            }
        }

        await transaction.CommitAsync(ct);
    }

    private SqliteCommand Insert(EntityTable table, int rows)
    {
        if (inserts.TryGetValue((table, rows), out var existing))
            return existing;
        var command = connection.CreateCommand();
        var columns = table.Columns.Count;
        var values = Enumerable.Range(0, rows).Select(row => $"({string.Join(", ", Enumerable.Range(row * columns, columns).Select(i => $"@p{i}"))})");
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) VALUES {string.Join(", ", values)}";
        // Parameters made as EF Core makes them (type, size), so values are stored exactly as the module writes them.
        for (var i = 0; i < rows * columns; i++)
            command.Parameters.Add(table.Columns[i % columns].Mapping.CreateParameter(command, $"@p{i}", null));
        command.Prepare();
        inserts[(table, rows)] = command;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in inserts.Values)
            await command.DisposeAsync();
        await connection.DisposeAsync();
    }
}
