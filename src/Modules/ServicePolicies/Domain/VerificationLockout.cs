using System.Linq.Expressions;

namespace MfaMonolith.Modules.ServicePolicies.Domain;

/// <summary>
/// Brute-force protection per user, across TOTP and backup codes and across instances: after
/// <see cref="FailuresBeforeLockout"/> consecutive failures verification is locked, for longer with each repeated
/// lock-out. A success resets the count. Each attempt is counted (reserved) before its code is checked, by a
/// conditional update in the database, so <see cref="ConsecutiveFailures"/> holds the failures plus the attempts
/// still being checked; a success or a replay gives its attempt back.
/// </summary>
internal sealed class VerificationLockout
{
    public const int FailuresBeforeLockout = 10;

    /// <summary>
    /// A check takes milliseconds; a counted attempt older than this whose request never answered was lost with its
    /// process (a crash between counting and recording), and is taken as the failure it never recorded.
    /// </summary>
    public static readonly TimeSpan AttemptLostAfter = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan[] Durations =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12),
    ];

    private VerificationLockout() { }

    /// <summary>The user's first attempt, counted as it creates the row.</summary>
    public static VerificationLockout FirstAttempt(string userId, DateTimeOffset now) =>
        new() { UserId = userId, ConsecutiveFailures = 1, LastAttemptAt = now };

    public string UserId { get; private set; } = "";
    public int ConsecutiveFailures { get; private set; }
    public int LockoutCount { get; private set; }
    public DateTimeOffset? LockedUntil { get; private set; }

    /// <summary>When the latest attempt was counted.</summary>
    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>Whether one more attempt may be checked now: no lock in force, and fewer counted than the lock-out allows.</summary>
    public static Expression<Func<VerificationLockout, bool>> TakesAnotherAttempt(DateTimeOffset now) =>
        l => (l.LockedUntil == null || l.LockedUntil <= now) && l.ConsecutiveFailures < FailuresBeforeLockout;

    /// <summary>How long the <paramref name="lockoutNumber"/>-th lock-out (1-based) lasts: 1 min, 5 min, 30 min, 2 h, then 12 h.</summary>
    public static TimeSpan DurationOf(int lockoutNumber) => Durations[Math.Clamp(lockoutNumber, 1, Durations.Length) - 1];
}
