using Mediator;

namespace MfaMonolith.Host.Administration.Import;

/// <summary>
/// What every import does with its accepted lines: collects them into batches of <see cref="ImportOptions.BatchSize"/>,
/// sends each batch to its module in a scope of its own (the module's DbContext lives as long as one transaction), and
/// reports progress after each.
/// </summary>
internal sealed class ImportBatches<T>(
    IServiceProvider services, Stream file, ImportOptions options, ImportProgress progress, ImportReport report,
    Func<IMediator, IReadOnlyList<(int Line, T Item)>, ImportReport, CancellationToken, Task> send)
{
    private readonly List<(int Line, T Item)> batch = new(options.BatchSize);

    public async Task AddAsync(int line, T item, CancellationToken ct)
    {
        batch.Add((line, item));
        if (batch.Count < options.BatchSize)
            return;
        await SendAsync(ct);
        progress.Report(file.Position, report);
    }

    public async Task FinishAsync(CancellationToken ct)
    {
        await SendAsync(ct);
        progress.Report(file.CanSeek ? file.Length : 0, report);
        progress.Done();
    }

    private async Task SendAsync(CancellationToken ct)
    {
        if (batch.Count == 0)
            return;
        await using var scope = services.CreateAsyncScope();
        await send(scope.ServiceProvider.GetRequiredService<IMediator>(), batch, report, ct);
        batch.Clear();
    }
}
