using MfaMonolith.Benchmarks.Load;
using MfaMonolith.Benchmarks.Micro;

namespace MfaMonolith.Benchmarks;

/// <summary>
/// <c>load</c> (the default): the load benchmark of issue 12, see <see cref="LoadBenchmark"/>.
/// <c>micro</c>: BenchmarkDotNet micro-benchmarks of the hot path's primitives; further arguments go to BenchmarkDotNet.
/// </summary>
internal static class Benchmark
{
    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "micro" => MicroBenchmarks.Run(args[1..]),
        "load" => await LoadBenchmark.RunAsync(LoadOptions.Parse(args[1..])),
        _ => await LoadBenchmark.RunAsync(LoadOptions.Parse(args)),
    };
}
