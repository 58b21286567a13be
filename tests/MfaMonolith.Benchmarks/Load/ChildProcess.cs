using System.Diagnostics;
using System.Globalization;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// A process the benchmark starts (the Host, the reference app), its output in a log file of the workspace. It is
/// started through <c>exec</c> in a shell only to redirect that output: the process id is the program's own, so
/// <c>/proc/PID/status</c> is its memory. Its id goes to the workspace's <c>pids</c> file, which scripts/bench's exit
/// trap reads should this process die without stopping it.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;

    private ChildProcess(string name, Process process, string log)
    {
        Name = name;
        this.process = process;
        Log = log;
    }

    public string Name { get; }

    public string Log { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static ChildProcess Start(string name, string workspace, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var log = Path.Combine(workspace, name + ".log");
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workspace };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >\"$BENCH_LOG\" 2>&1");
        start.ArgumentList.Add("sh");
        foreach (var part in command)
            start.ArgumentList.Add(part);
        start.Environment["BENCH_LOG"] = log;
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        File.AppendAllText(Path.Combine(workspace, "pids"), process.Id.ToString(CultureInfo.InvariantCulture) + "\n");
        return new ChildProcess(name, process, log);
    }

    /// <summary>Peak resident set size so far (VmHWM), in bytes.</summary>
    public long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The end of its log, for a failure's message.</summary>
    public string Tail(int lines = 30) => File.Exists(Log) ? string.Join('\n', File.ReadLines(Log).TakeLast(lines)) : "";

    /// <summary>Graceful stop (SIGTERM), as an orchestrator stops an instance; killed after a few seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await Signal.SendAsync(process.Id, "TERM");
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        process.Dispose();
    }
}

/// <summary>.NET kills processes only with SIGKILL; graceful stops and wrk's early end need other signals.</summary>
internal static class Signal
{
    public static async Task SendAsync(int processId, string signal)
    {
        // Quietly: the process may have ended meanwhile, and "no such process" is then no news.
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, RedirectStandardError = true };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add(processId.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start)!;
        await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
    }
}
