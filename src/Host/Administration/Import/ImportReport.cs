using System.Globalization;

namespace MfaMonolith.Host.Administration.Import;

/// <summary>What an import did, line by line: counts, and each refused line with its reason (never a secret).</summary>
internal sealed class ImportReport
{
    private readonly List<(int Line, string Reason)> refusals = [];

    public int Imported { get; private set; }
    public int Unchanged { get; private set; }
    public int Refused => refusals.Count;
    public IReadOnlyList<(int Line, string Reason)> Refusals => refusals;

    public void CountImported(int count = 1) => Imported += count;

    public void CountUnchanged(int count = 1) => Unchanged += count;

    public void Refuse(int line, string reason) => refusals.Add((line, reason));

    public void WriteSummary(TextWriter output, bool dryRun)
    {
        var verb = dryRun ? "would import" : "imported";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(dryRun ? "Dry run: " : "")}{verb} {Imported}, unchanged {Unchanged}, refused {Refused}."));
        foreach (var (line, reason) in refusals.OrderBy(r => r.Line))
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  line {line}: {reason}"));
    }
}

/// <summary>
/// Progress of a long import: a bar redrawn in place on a terminal, plain lines (one per batch) when the output is a
/// file or a pipe, where a redrawn bar would be noise.
/// </summary>
internal sealed class ImportProgress(TextWriter output, bool onTerminal, long totalBytes)
{
    private const int BarWidth = 30;

    public void Report(long bytesRead, ImportReport report)
    {
        var fraction = totalBytes <= 0 ? 1 : Math.Clamp((double)bytesRead / totalBytes, 0, 1);
        var counts = string.Create(CultureInfo.InvariantCulture, $"{report.Imported} imported, {report.Unchanged} unchanged, {report.Refused} refused");
        if (onTerminal)
        {
            var filled = (int)(fraction * BarWidth);
            output.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction:P0} {counts}"));
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress {fraction:P0}: {counts}"));
        }
    }

    public void Done()
    {
        if (onTerminal)
            output.WriteLine();
    }
}
