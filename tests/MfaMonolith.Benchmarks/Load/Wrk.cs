using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// One wrk run with one of the scripts in <c>tests/MfaMonolith.Benchmarks/wrk</c>. <see cref="Once"/> runs are fixed
/// batches: wrk is ended (SIGINT) as soon as every thread has sent its share and had its answers, and the rate is
/// taken over that time only; <see cref="Duration"/> is then a safety limit.
/// </summary>
internal sealed record WrkRun(string Name, Uri Url, string Script, int Connections, int Threads, TimeSpan Duration, IReadOnlyList<string> Arguments, bool Once)
{
    public static WrkRun Get(string name, Uri url, string expected, int connections, int threads, TimeSpan duration) =>
        new(name, url, "get.lua", connections, threads, duration, [expected], Once: false);

    /// <param name="intervalMs">A pause before each request of a connection (a low-rate probe); 0 for full speed.</param>
    public static WrkRun Cycle(string name, Uri url, string bodies, string expected, int connections, int threads, TimeSpan duration, int intervalMs = 0) =>
        new(name, url, "post-cycle.lua", connections, threads, duration, [bodies, expected, Text(threads), Text(intervalMs)], Once: false);

    public static WrkRun Each(string name, Uri url, string bodies, string expected, int connections, int threads, TimeSpan duration, int intervalMs = 0) =>
        new(name, url, "post-once.lua", connections, threads, duration, [bodies, expected, Text(threads), Text(intervalMs)], Once: true);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a run's <c>done()</c> printed; times in milliseconds.</summary>
internal sealed record WrkResult(
    string Name, int Connections, long Requests, double Seconds, double Rps, double P50, double P99, double P999, double Max, long Non2xx, long Unexpected, long SocketErrors)
{
    public long Errors => Non2xx + Unexpected + SocketErrors;
}

/// <param name="host">Runs against it send the ProxyIdP's key and <c>X-Forwarded-Proto</c>; the reference app gets neither.</param>
internal sealed class Wrk(string workspace, string apiKey, Uri host)
{
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(10);

    public async Task<WrkResult> RunAsync(WrkRun run, CancellationToken ct)
    {
        var markers = Directory.CreateDirectory(Path.Combine(workspace, "markers", run.Name.Replace(' ', '-') + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var start = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t", Text(run.Threads), "-c", Text(run.Connections), "-d", Text((int)Math.Ceiling(run.Duration.TotalSeconds)) + "s", "--timeout", "10s" })
            start.ArgumentList.Add(argument);
        start.ArgumentList.Add("-s");
        start.ArgumentList.Add(Repository.PathOf("tests", "MfaMonolith.Benchmarks", "wrk", run.Script));
        start.ArgumentList.Add(run.Url.ToString());
        start.ArgumentList.Add("--");
        foreach (var argument in run.Arguments)
            start.ArgumentList.Add(argument);
        if (run.Once)
            start.ArgumentList.Add(markers);
        if (run.Url.Authority == host.Authority)
        {
            start.Environment["BENCH_API_KEY"] = apiKey;
            start.Environment["BENCH_FORWARDED_PROTO"] = "https";
        }

        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = wrk.StandardOutput.ReadToEndAsync(ct);
        var errors = wrk.StandardError.ReadToEndAsync(ct);
        if (run.Once)
            await EndWhenAllThreadsAreDoneAsync(wrk, markers, run.Threads, ct);
        await wrk.WaitForExitAsync(ct);
        return Parse(run, await output, await errors);
    }

    /// <summary>wrk waits out its duration even when its threads stopped: end it once each left its marker.</summary>
    private static async Task EndWhenAllThreadsAreDoneAsync(Process wrk, string markers, int threads, CancellationToken ct)
    {
        while (!wrk.HasExited)
        {
            if (Directory.GetFiles(markers).Length >= threads)
            {
                // wrk ignores SIGINT until all its threads run: repeat until it has ended.
                await Signal.SendAsync(wrk.Id, "INT");
                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
                continue;
            }

            await Task.Delay(StopPoll, ct);
        }
    }

    private static WrkResult Parse(WrkRun run, string output, string errors)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk ({run.Name}) printed no figures:\n{output}\n{errors}");
        var figures = JsonDocument.Parse(line["BENCH ".Length..]).RootElement;
        double Ms(string name) => figures.GetProperty(name).GetDouble() / 1000;
        long Count(string name) => figures.GetProperty(name).GetInt64();
        return new WrkResult(run.Name, run.Connections, Count("requests"), figures.GetProperty("seconds").GetDouble(), figures.GetProperty("rps").GetDouble(),
            Ms("p50_us"), Ms("p99_us"), Ms("p999_us"), Ms("max_us"), Count("non2xx"), Count("unexpected"), Count("socket_errors"));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
