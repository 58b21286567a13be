namespace MfaMonolith.Tests.Support;

/// <summary>Time as a test input: TOTP windows, expiry and session timeouts all read it.</summary>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    public void Set(DateTimeOffset to) => now = to;
}
