using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using MfaMonolith.SharedKernel.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;

/// <summary>
/// Counts attempts before their codes are checked, and locks, with conditional updates: concurrent calls on several
/// instances never check more codes than the lock-out allows (ADR 0009).
/// </summary>
/// <remarks>
/// Cost per verification: the reservation takes the place of the read that came first before, and a failure's count
/// moved from its transaction into the reservation, so a failure writes no more than it did. The one write added is
/// the give-back of a success or a replay, a single-row UPDATE by key.
/// </remarks>
internal sealed class LockoutLedger(ServicePoliciesDbContext db, SecurityEventOutbox outbox, MfaMetrics metrics)
{
    /// <summary>
    /// Counts one attempt, unless a lock is in force or the attempts counted already reach the lock-out. The count is
    /// committed when this returns (one statement outside any transaction), so every instance sees it before the code
    /// is checked.
    /// </summary>
    public async Task<Reservation> ReserveAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        if (await CountAttemptAsync(userId, now, ct))
            return Reservation.Granted;
        var row = await db.Lockouts.AsNoTracking().Where(l => l.UserId == userId)
            .Select(l => new { l.LockedUntil, l.ConsecutiveFailures, l.LastAttemptAt }).FirstOrDefaultAsync(ct);
        if (row is null)
            return await CreateWithFirstAttemptAsync(userId, now, ct) || await CountAttemptAsync(userId, now, ct) ? Reservation.Granted : Reservation.Refused(null, false);
        if (row.LockedUntil > now)
            return Reservation.Refused(row.LockedUntil, false);
        // The state changed between the update and the read (a lock ended, a success reset the count): try once more.
        if (row.ConsecutiveFailures < VerificationLockout.FailuresBeforeLockout && await CountAttemptAsync(userId, now, ct))
            return Reservation.Granted;
        return Reservation.Refused(null, row.ConsecutiveFailures >= VerificationLockout.FailuresBeforeLockout
            && !(row.LastAttemptAt > now - VerificationLockout.AttemptLostAfter));
    }

    /// <summary>
    /// Records a failed attempt, which keeps its count, and <paramref name="rejected"/> — after <paramref name="lockedOut"/>
    /// when the counted attempts reached the lock-out and this call applied it — in one transaction; returns the new
    /// lock's end when this call applied it. Also used for attempts lost with their process (<see cref="Reservation.AttemptsLost"/>).
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(
        string userId, DateTimeOffset now, SecurityEventOccurred rejected, Func<DateTimeOffset, SecurityEventOccurred> lockedOut, CancellationToken ct)
    {
        DateTimeOffset? newLock;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            newLock = await LockIfFullAsync(userId, now, ct);
            if (newLock is { } until)
                outbox.Stage(db, lockedOut(until));
            outbox.Stage(db, rejected);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        if (newLock is not null)
            metrics.Lockout();
        return newLock;
    }

    /// <summary>A success gives its attempt back by resetting the counts, as a success always did.</summary>
    public async Task RecordSuccessAsync(string userId, CancellationToken ct) =>
        await db.Lockouts.Where(l => l.UserId == userId && (l.ConsecutiveFailures > 0 || l.LockoutCount > 0))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConsecutiveFailures, 0).SetProperty(l => l.LockoutCount, 0), ct);

    /// <summary>
    /// An attempt that was no guess (a replay) or whose check never finished gives its count back. A lock applied
    /// meanwhile has reset the count already, hence the floor at zero.
    /// </summary>
    public async Task GiveBackAsync(string userId, CancellationToken ct) =>
        await db.Lockouts.Where(l => l.UserId == userId && l.ConsecutiveFailures > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConsecutiveFailures, l => l.ConsecutiveFailures - 1), ct);

    /// <summary>Admin unlock: the lock and the counts go.</summary>
    public async Task<bool> UnlockAsync(string userId, CancellationToken ct) =>
        await db.Lockouts.Where(l => l.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConsecutiveFailures, 0).SetProperty(l => l.LockoutCount, 0).SetProperty(l => l.LockedUntil, (DateTimeOffset?)null), ct) > 0;

    private async Task<bool> CountAttemptAsync(string userId, DateTimeOffset now, CancellationToken ct) =>
        await db.Lockouts.Where(l => l.UserId == userId).Where(VerificationLockout.TakesAnotherAttempt(now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConsecutiveFailures, l => l.ConsecutiveFailures + 1).SetProperty(l => l.LastAttemptAt, now), ct) == 1;

    private async Task<DateTimeOffset?> LockIfFullAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        var state = await db.Lockouts.AsNoTracking().Where(l => l.UserId == userId)
            .Select(l => new { l.ConsecutiveFailures, l.LockoutCount }).SingleAsync(ct);
        if (state.ConsecutiveFailures < VerificationLockout.FailuresBeforeLockout)
            return null;

        var lockoutNumber = state.LockoutCount + 1;
        var until = now + VerificationLockout.DurationOf(lockoutNumber);
        // Only the caller that sees this exact state applies the lock-out; a concurrent one finds the count reset.
        var locked = await db.Lockouts
            .Where(l => l.UserId == userId && l.ConsecutiveFailures == state.ConsecutiveFailures && l.LockoutCount == state.LockoutCount)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.ConsecutiveFailures, 0)
                .SetProperty(l => l.LockoutCount, lockoutNumber)
                .SetProperty(l => l.LockedUntil, until), ct);
        return locked == 1 ? until : null;
    }

    /// <summary>The user's first attempt ever creates the row; false when a concurrent request created it first.</summary>
    private async Task<bool> CreateWithFirstAttemptAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        db.Lockouts.Add(VerificationLockout.FirstAttempt(userId, now));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>
/// Whether an attempt was counted. When refused: the lock in force, if any, and whether the attempts that fill the
/// lock-out were lost with their process (<see cref="VerificationLockout.AttemptLostAfter"/>), so that the refused
/// caller must apply the lock they never did.
/// </summary>
internal sealed record Reservation(bool IsGranted, DateTimeOffset? LockedUntil, bool AttemptsLost)
{
    public static readonly Reservation Granted = new(true, null, false);

    public static Reservation Refused(DateTimeOffset? lockedUntil, bool attemptsLost) => new(false, lockedUntil, attemptsLost);
}
