using System.Globalization;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;

namespace MfaMonolith.Host.Administration.Import;

/// <summary>
/// The host's admin commands, run instead of the web server: <c>import tokens|settings|catalogue FILE [--dry-run]
/// [--batch-size N]</c> and <c>export settings|catalogue [FILE]</c> (ADR 0016). They run in the host's own process, on
/// its configuration and databases (migrated first, as at start-up), and reach every module through its public
/// contract only, as any other caller does.
/// </summary>
internal static class AdminCommandLine
{
    private static readonly string[] Verbs = ["import", "export"];
    private static readonly string[] Flags = ["--dry-run", "--batch-size"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0], StringComparer.Ordinal);

    /// <summary>The arguments left for the host's configuration (<c>--Key=Value</c>), the command's own removed.</summary>
    public static string[] ConfigurationArguments(string[] args)
    {
        if (!IsCommand(args))
            return args;
        return [.. args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)
                                   && !Flags.Any(f => a.StartsWith(f + "=", StringComparison.Ordinal)))];
    }

    /// <returns>The process exit code: 0 done, 1 some lines refused, 2 a usage error.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var positional = new List<string>();
        var dryRun = false;
        var batchSize = 1000;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--dry-run")
                dryRun = true;
            else if (arg == "--batch-size" && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0)
                (batchSize, i) = (size, i + 1);
            else if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
                continue; // configuration, already the host's
            else if (arg.StartsWith("--", StringComparison.Ordinal))
                return Usage(error, $"Unknown option {arg}.");
            else
                positional.Add(arg);
        }

        var options = new ImportOptions(dryRun, OnTerminal: !Console.IsOutputRedirected, batchSize);
        return (args[0], positional) switch
        {
            ("import", [var kind, var path]) => await ImportAsync(services, kind, path, options, output, error, ct),
            ("export", [var kind]) => await ExportAsync(services, kind, output, error, ct),
            ("export", [var kind, var path]) => await ExportToFileAsync(services, kind, path, error, ct),
            _ => Usage(error, "Wrong arguments."),
        };
    }

    private static async Task<int> ImportAsync(IServiceProvider services, string kind, string path, ImportOptions options, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!File.Exists(path))
            return Usage(error, $"No such file: {path}");
        await using var file = File.OpenRead(path);
        ImportReport? report = kind switch
        {
            "tokens" => await new TokenImport(services).RunAsync(file, options, output, ct),
            "settings" => await new SettingsImport(services).RunAsync(file, options, output, ct),
            "catalogue" => await new CatalogueImport(services).RunAsync(file, options, output, ct),
            _ => null,
        };
        if (report is null)
            return Usage(error, $"Unknown kind to import: {kind}.");
        // The sweepers do not run during a command: what the import delivered is deleted from the outboxes now, or the
        // next start would redeliver all of it.
        foreach (var sweeper in services.GetServices<IHostedService>().OfType<ISecurityEventOutboxSweeper>())
            await sweeper.DeleteDeliveredAsync(ct);
        report.WriteSummary(output, options.DryRun);
        return report.Refused == 0 ? 0 : 1;
    }

    private static async Task<int> ExportToFileAsync(IServiceProvider services, string kind, string path, TextWriter error, CancellationToken ct)
    {
        await using var writer = new StreamWriter(path);
        return await ExportAsync(services, kind, writer, error, ct);
    }

    private static async Task<int> ExportAsync(IServiceProvider services, string kind, TextWriter output, TextWriter error, CancellationToken ct)
    {
        switch (kind)
        {
            case "settings":
                await new SettingsImport(services).ExportAsync(output, ct);
                return 0;
            case "catalogue":
                await new CatalogueImport(services).ExportAsync(output, ct);
                return 0;
            default:
                return Usage(error, $"Unknown kind to export: {kind}.");
        }
    }

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine(problem);
        error.WriteLine("Usage: import tokens|settings|catalogue FILE [--dry-run] [--batch-size N]");
        error.WriteLine("       export settings|catalogue [FILE]");
        return 2;
    }
}
