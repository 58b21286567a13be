using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>
/// Prepared INSERTs, one transaction per batch. Durability is off on this connection only (the seed is thrown away if
/// the run fails); the Host's own connections keep the product's settings.
/// </summary>
internal sealed class SqliteBulkWriter : IBulkWriter
{
    private readonly SqliteConnection connection;
    private readonly Dictionary<EntityTable, SqliteCommand> inserts = [];

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
            var insert = Insert(table);
            insert.Transaction = transaction;
            foreach (var row in rows)
            {
                for (var i = 0; i < table.Columns.Count; i++)
                    insert.Parameters[i].Value = table.Columns[i].ProviderValue(row);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }

        await transaction.CommitAsync(ct);
    }

    private SqliteCommand Insert(EntityTable table)
    {
        if (inserts.TryGetValue(table, out var existing))
            return existing;
        var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""))}) " +
                              $"VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"@p{i}"))})";
        // Parameters made as EF Core makes them (type, size), so values are stored exactly as the module writes them.
        for (var i = 0; i < table.Columns.Count; i++)
            command.Parameters.Add(table.Columns[i].Mapping.CreateParameter(command, $"@p{i}", null));
        command.Prepare();
        inserts[table] = command;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in inserts.Values)
            await command.DisposeAsync();
        await connection.DisposeAsync();
    }
}
