using System.Globalization;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>What the benchmark prints: the machine and the set-up, progress, and at the end the table and the targets.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Line(FormattableString text) => Console.WriteLine(text.ToString(Invariant));

    public static void Line(string text) => Console.WriteLine(text);

    public static void Header(LoadOptions options, BenchTarget target)
    {
        Line($"MfaMonolith load benchmark (issue 12): {options.Users:N0} users, {target.ProviderName}, Host in Production over loopback HTTP");
        Line($"machine: {Machine.Cpu} × {Environment.ProcessorCount}, {Machine.MemoryGiB:F0} GiB; load average at start {Machine.LoadAverage}");
        Line($"wrk: {LoadOptions.Threads} threads, {LoadOptions.Connections} connections, warm-up {options.WarmUp.TotalSeconds:F0} s, runs {options.Run.TotalSeconds:F0} s; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC");
    }

    public static void Progress(WrkResult result) =>
        Line($"  {result.Name}: {result.Rps,9:N0} req/s  p50 {result.P50:F2} ms  p99 {result.P99:F2} ms  max {result.Max:F1} ms  ({result.Requests:N0} requests, {result.Errors:N0} errors)");

    public static void Results(LoadOptions options, BenchTarget target, IReadOnlyList<WrkResult> results, long peakResidentBytes, TimeSpan ready)
    {
        var plaintext = results.Single(r => r.Name == Runs.Plaintext);
        var graphql = results.Single(r => r.Name == Runs.ReferenceGraphQL);
        Line("");
        Line($"{"operation",-46} {"conn",4} {"requests",9} {"req/s",8} {"p50 ms",7} {"p99 ms",7} {"p99.9 ms",8} {"max ms",7} {"errors",6} {"plaintext",9} {"ref.GraphQL",11}");
        foreach (var result in results)
        {
            var ofGraphQL = result.Name.StartsWith("mfaRequirement", StringComparison.Ordinal) ? $"{result.Rps / graphql.Rps,10:P1}" : "";
            Line($"{result.Name,-46} {result.Connections,4} {result.Requests,9:N0} {result.Rps,8:N0} {result.P50,7:F2} {result.P99,7:F2} {result.P999,8:F2} {result.Max,7:F1} {result.Errors,6:N0} {result.Rps / plaintext.Rps,9:P1} {ofGraphQL,11}");
        }

        foreach (var result in results.Where(r => r.Errors > 0))
            Line($"  errors of {result.Name}: {result.Non2xx:N0} not 2xx, {result.Unexpected:N0} unexpected answers, {result.SocketErrors:N0} socket errors");
        Line("");
        Line($"Host: ready {ready.TotalSeconds:F2} s after its process started; peak RSS {peakResidentBytes / 1048576.0:F0} MiB (VmHWM) with {options.Users:N0} users on {target.ProviderName}");
        Line("");
        Line("Targets of issue 12 (ratios within this run):");
        foreach (var verdict in Targets.Evaluate(options, results, peakResidentBytes, ready))
            Line($"  {verdict}");
    }

    private static class Machine
    {
        public static string Cpu => File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

        public static double MemoryGiB =>
            long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Invariant) / 1048576.0;

        public static string LoadAverage => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
    }
}
