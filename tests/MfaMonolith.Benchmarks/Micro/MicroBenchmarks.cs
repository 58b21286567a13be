using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MfaMonolith.Benchmarks.Micro;

/// <summary>
/// <c>scripts/bench micro [BenchmarkDotNet arguments]</c>: the hot path's primitives, memory diagnoser on. In process
/// (no generated project: it would be built under this repository's strict build rules); artifacts under bin/.
/// Without arguments every benchmark runs; e.g. <c>--filter *Totp*</c> or <c>--job short</c> narrows it.
/// </summary>
internal static class MicroBenchmarks
{
    public static int Run(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        var summaries = BenchmarkSwitcher.FromTypes([typeof(TotpCheckBenchmarks), typeof(PolicyDecisionBenchmarks), typeof(BackupCodeCheckBenchmarks)])
            .Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
