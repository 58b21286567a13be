using System.Buffers.Text;
using System.Security.Cryptography;
using MfaMonolith.Host.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Host.Identity.Sessions;

/// <summary>Server-side sessions: created at sign-in, checked on every request, ended by Log out or timeouts.</summary>
internal sealed class SessionStore(HostDbContext db, SecurityEventOutbox outbox, IOptions<SessionLifetimeOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    /// <param name="signedIn">The SIGN_IN_SUCCEEDED event, recorded in the same transaction as the new session.</param>
    public async Task<string> StartAsync(string userId, SecurityEventOccurred signedIn, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            Id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
        };
        db.UserSessions.Add(session);
        outbox.Stage(db, signedIn);
        await db.SaveChangesAsync(ct);
        await outbox.DeliverAsync();
        return session.Id;
    }

    /// <summary>True while the session is live; ends it (and returns false) once it is idle or too old.</summary>
    public async Task<bool> ValidateAsync(string sessionId, string userId, CancellationToken ct)
    {
        var session = await db.UserSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, ct);
        if (session is null || session.EndedAt is not null)
            return false;
        var now = clock.GetUtcNow();
        if (now - session.LastSeenAt > options.Value.IdleTimeout || now - session.CreatedAt > options.Value.AbsoluteLifetime)
        {
            session.EndedAt = now;
            await db.SaveChangesAsync(ct);
            return false;
        }

        if (now - session.LastSeenAt > TouchInterval)
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(ct);
        }

        return true;
    }

    public async Task EndAsync(string sessionId, CancellationToken ct) =>
        await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, clock.GetUtcNow()), ct);

    /// <summary>Ends every session of a user but <paramref name="exceptSessionId"/> (admin reset, changed password).</summary>
    public async Task EndAllAsync(string userId, string? exceptSessionId, CancellationToken ct) =>
        await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != exceptSessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, clock.GetUtcNow()), ct);
}
