using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>Inserts many rows of a module's tables at once, on the module's own connection, one batch per transaction.</summary>
internal interface IBulkWriter : IAsyncDisposable
{
    /// <summary>Writes one batch: every table's rows, in the order given (parents before children), in one transaction.</summary>
    Task WriteAsync(IReadOnlyList<(EntityTable Table, IReadOnlyList<object> Rows)> batch, CancellationToken ct);

    static async Task<IBulkWriter> OpenAsync(DbContext db, CancellationToken ct) =>
        db.Database.IsNpgsql() ? await PostgreSqlBulkWriter.OpenAsync(db, ct) : await SqliteBulkWriter.OpenAsync(db, ct);
}
