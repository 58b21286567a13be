using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>Binary COPY, one transaction per batch: the fastest way into PostgreSQL.</summary>
internal sealed class PostgreSqlBulkWriter : IBulkWriter
{
    private readonly NpgsqlConnection connection;

    private PostgreSqlBulkWriter(NpgsqlConnection connection) => this.connection = connection;

    public static async Task<IBulkWriter> OpenAsync(DbContext db, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        return new PostgreSqlBulkWriter(connection);
    }

    public async Task WriteAsync(IReadOnlyList<(EntityTable Table, IReadOnlyList<object> Rows)> batch, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        foreach (var (table, rows) in batch)
        {
            var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
            // COPY wants the type's name without its length ("character varying", not "character varying(256)").
            var types = table.Columns.Select(c => c.StoreType.Split('(')[0]).ToArray();
            await using var copy = await connection.BeginBinaryImportAsync($"COPY \"{table.Schema}\".\"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(ct);
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    var value = table.Columns[i].ProviderValue(row);
                    if (value is DBNull)
                        await copy.WriteNullAsync(ct);
                    else
                        await copy.WriteAsync(value, types[i], ct);
                }
            }

            await copy.CompleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Fresh statistics, as autovacuum would have them on a database that grew to this size over time.</summary>
    public static async Task AnalyzeAsync(DbContext db, CancellationToken ct) => await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);

    public async ValueTask DisposeAsync() => await connection.DisposeAsync();
}
