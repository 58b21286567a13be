using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;

namespace MfaMonolith.Host.Administration.Import;

/// <summary>
/// <c>import tokens FILE</c>: a privacyIDEA token export into the Tokens module, through its public
/// <see cref="ImportTotpTokens"/> command, <see cref="ImportOptions.BatchSize"/> tokens per transaction. A batch
/// commits whole or not at all; one already committed is found unchanged by a re-run, which so resumes where an
/// interrupted run stopped.
/// </summary>
internal sealed class TokenImport(IServiceProvider services)
{
    public const string Actor = "admin:import";

    public async Task<ImportReport> RunAsync(Stream file, ImportOptions options, TextWriter output, CancellationToken ct)
    {
        var report = new ImportReport();
        var progress = new ImportProgress(output, options.OnTerminal, file.CanSeek ? file.Length : 0);
        using var reader = new StreamReader(file, leaveOpen: true);
        IReadOnlyList<string>? csvHeader = null;
        var seenSerials = new Dictionary<string, int>(StringComparer.Ordinal);
        var batches = new ImportBatches<TotpTokenToImport>(services, file, options, progress, report, (mediator, batch, report, ct) => SendAsync(mediator, batch, options.DryRun, report, ct));
        foreach (var line in ImportFileLines.Read(reader))
        {
            if (line.Refusal is not null)
            {
                report.Refuse(line.Number, line.Refusal);
                continue;
            }

            if (csvHeader is null && line.Number == 1 && PrivacyIdeaTokenFile.IsCsvHeader(line.Text))
            {
                csvHeader = PrivacyIdeaTokenFile.CsvHeader(line.Text);
                continue;
            }

            var (token, refusal) = csvHeader is null ? PrivacyIdeaTokenFile.FromJson(line.Text) : PrivacyIdeaTokenFile.FromCsv(csvHeader, line.Text);
            if (token is null)
            {
                report.Refuse(line.Number, refusal!);
                continue;
            }

            // privacyIDEA's serials are unique: a second line with one is a broken export, not a second token.
            if (!seenSerials.TryAdd(token.Serial, line.Number))
            {
                report.Refuse(line.Number, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"token {token.Serial}: duplicate serial (first on line {seenSerials[token.Serial]})"));
                continue;
            }

            await batches.AddAsync(line.Number, token, ct);
        }

        await batches.FinishAsync(ct);
        return report;
    }

    private static async Task SendAsync(IMediator mediator, IReadOnlyList<(int Line, TotpTokenToImport Token)> batch, bool dryRun, ImportReport report, CancellationToken ct)
    {
        var outcomes = await mediator.Send(new ImportTotpTokens([.. batch.Select(b => b.Token)], Actor, dryRun), ct);
        report.CountImported(outcomes.Count(o => o == TotpImportOutcome.Imported));
        report.CountUnchanged(outcomes.Count(o => o == TotpImportOutcome.Unchanged));
    }
}

/// <param name="OnTerminal">A progress bar redrawn in place; otherwise plain progress lines.</param>
internal sealed record ImportOptions(bool DryRun = false, bool OnTerminal = false, int BatchSize = 1000);
