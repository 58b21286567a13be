using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;

/// <summary>Counts failures and locks with conditional updates, so concurrent calls on several instances agree.</summary>
internal sealed class LockoutLedger(ServicePoliciesDbContext db, SecurityEventOutbox outbox)
{
    /// <summary>The user's lock-out as it stands: whether locked now, and whether there is any count to reset.</summary>
    public async Task<LockoutState> ReadAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        var row = await db.Lockouts.AsNoTracking().Where(l => l.UserId == userId)
            .Select(l => new { l.LockedUntil, l.ConsecutiveFailures, l.LockoutCount }).FirstOrDefaultAsync(ct);
        return row is null
            ? LockoutState.Clean
            : new LockoutState(row.LockedUntil > now ? row.LockedUntil : null, row.ConsecutiveFailures > 0 || row.LockoutCount > 0);
    }

    /// <summary>
    /// Counts one failure and records <paramref name="rejected"/> — after <paramref name="lockedOut"/> when this failure
    /// locked the user — in the same transaction; returns the new lock's end when this failure locked the user.
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(
        string userId, DateTimeOffset now, SecurityEventOccurred rejected, Func<DateTimeOffset, SecurityEventOccurred> lockedOut, CancellationToken ct)
    {
        // Outside the transaction: a lost race to create the row is an error PostgreSQL would not let a transaction survive.
        await EnsureRowAsync(userId, ct);
        DateTimeOffset? newLock;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            newLock = await CountFailureAsync(userId, now, ct);
            if (newLock is { } until)
                outbox.Stage(db, lockedOut(until));
            outbox.Stage(db, rejected);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await outbox.DeliverAsync();
        return newLock;
    }

    private async Task<DateTimeOffset?> CountFailureAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        await db.Lockouts.Where(l => l.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConsecutiveFailures, l => l.ConsecutiveFailures + 1), ct);
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

    /// <summary>Resets the counts; callers skip it when <see cref="LockoutState.HasCounts"/> is false, sparing a write per login.</summary>
    public async Task RecordSuccessAsync(string userId, CancellationToken ct) =>
        await db.Lockouts.Where(l => l.UserId == userId && (l.ConsecutiveFailures > 0 || l.LockoutCount > 0))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConsecutiveFailures, 0).SetProperty(l => l.LockoutCount, 0), ct);

    /// <summary>Admin unlock: the lock and the counts go.</summary>
    public async Task<bool> UnlockAsync(string userId, CancellationToken ct) =>
        await db.Lockouts.Where(l => l.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ConsecutiveFailures, 0).SetProperty(l => l.LockoutCount, 0).SetProperty(l => l.LockedUntil, (DateTimeOffset?)null), ct) > 0;

    private async Task EnsureRowAsync(string userId, CancellationToken ct)
    {
        if (await db.Lockouts.AnyAsync(l => l.UserId == userId, ct))
            return;
        db.Lockouts.Add(VerificationLockout.For(userId));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request created it first: that is all this wanted.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}

internal sealed record LockoutState(DateTimeOffset? LockedUntil, bool HasCounts)
{
    public static readonly LockoutState Clean = new(null, false);
}
