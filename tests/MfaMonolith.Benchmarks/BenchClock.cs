namespace MfaMonolith.Benchmarks;

/// <summary>Lets the benchmark move time on by a TOTP step, so every verification presents a fresh, valid code.</summary>
internal sealed class BenchClock : TimeProvider
{
    private long offsetTicks;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
