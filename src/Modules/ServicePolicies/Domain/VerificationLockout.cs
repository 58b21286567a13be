namespace MfaMonolith.Modules.ServicePolicies.Domain;

/// <summary>
/// Brute-force protection per user, across TOTP and backup codes and across instances: after
/// <see cref="FailuresBeforeLockout"/> consecutive failures verification is locked, for longer with each repeated
/// lock-out. A success resets the count. Counting is done by conditional updates in the database.
/// </summary>
internal sealed class VerificationLockout
{
    public const int FailuresBeforeLockout = 10;

    private static readonly TimeSpan[] Durations =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12),
    ];

    private VerificationLockout() { }

    public static VerificationLockout For(string userId) => new() { UserId = userId };

    public string UserId { get; private set; } = "";
    public int ConsecutiveFailures { get; private set; }
    public int LockoutCount { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>How long the <paramref name="lockoutNumber"/>-th lock-out (1-based) lasts: 1 min, 5 min, 30 min, 2 h, then 12 h.</summary>
    public static TimeSpan DurationOf(int lockoutNumber) => Durations[Math.Clamp(lockoutNumber, 1, Durations.Length) - 1];
}
