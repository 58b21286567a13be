using System.Buffers.Text;
using System.Security.Cryptography;
using MfaMonolith.Host.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.Identity.StepUp;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Host.Identity.Sessions;

/// <summary>Server-side sessions: created at sign-in, checked on every request, ended by Log out or timeouts.</summary>
internal sealed class SessionStore(HostDbContext db, SecurityEventOutbox outbox, IOptions<SessionLifetimeOptions> options, TimeProvider clock)
    : ISessionSecondFactorStore
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <param name="signedIn">The SIGN_IN_SUCCEEDED event, recorded in the same transaction as the new session.</param>
    /// <param name="secondFactor">The sign-in verified a second factor: it counts as the session's first step-up.</param>
    public async Task<string> StartAsync(string userId, SecurityEventOccurred signedIn, bool secondFactor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            SecondFactorAt = secondFactor ? now : null,
        };
        db.UserSessions.Add(session);
        outbox.Stage(db, signedIn);
        await db.SaveChangesAsync(ct);
        return session.Id;
    }

    /// <summary>The session while it is live; ends it (and returns null) once it is idle or too old.</summary>
    public async Task<UserSession?> ValidateAsync(string sessionId, string userId, CancellationToken ct)
    {
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct);
        if (session is null || session.EndedAt is not null)
            return null;
        var now = clock.GetUtcNow();
        if (now - session.LastSeenAt > options.Value.IdleTimeout || now - session.CreatedAt > options.Value.AbsoluteLifetime)
        {
            session.EndedAt = now;
            await db.SaveChangesAsync(ct);
            return null;
        }

        if (now - session.LastSeenAt > TouchInterval)
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(ct);
        }

        return session;
    }

    /// <summary>A verified second factor (a step-up) on a live session; every instance reads it from here.</summary>
    public async Task RecordAsync(string sessionId, DateTimeOffset at, CancellationToken ct)
    {
        var updated = await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.SecondFactorAt, at), ct);
        if (updated == 0)
            throw new AppException(ErrorCodes.Unauthenticated, "Your session has ended. Sign in again.");
    }

    public async Task<bool> TrySpendAsync(string sessionId, DateTimeOffset verifiedSince, DateTimeOffset now, CancellationToken ct) =>
        await db.UserSessions
            .Where(s => s.Id == sessionId && s.EndedAt == null && s.SecondFactorAt != null && s.SecondFactorAt >= verifiedSince
                        && (s.StepUpSpentAt == null || s.StepUpSpentAt < s.SecondFactorAt))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.StepUpSpentAt, now), ct) == 1;

    public async Task EndAsync(string sessionId, CancellationToken ct) =>
        await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, clock.GetUtcNow()), ct);

    /// <summary>Ends every session of a user but <paramref name="exceptSessionId"/> (admin reset, changed password).</summary>
    public async Task EndAllAsync(string userId, string? exceptSessionId, CancellationToken ct) =>
        await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != exceptSessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, clock.GetUtcNow()), ct);
}
