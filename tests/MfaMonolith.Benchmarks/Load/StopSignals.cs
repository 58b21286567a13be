using System.Runtime.InteropServices;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP cancel the run instead of ending the process at once, so that the benchmark stops what
/// it started before it exits.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration[] registrations;

    public StopSignals() =>
        registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        }))];

    public CancellationToken Token => stop.Token;

    public void Dispose()
    {
        foreach (var registration in registrations)
            registration.Dispose();
        stop.Dispose();
    }
}
