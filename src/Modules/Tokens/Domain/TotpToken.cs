using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;

namespace MfaMonolith.Modules.Tokens.Domain;

/// <summary>
/// A TOTP verification-code token of one user. The secret is stored only encrypted (<see cref="ProtectedSecret"/>).
/// <see cref="LastUsedStep"/> is the highest time step ever accepted: a code of that step or an earlier one is a
/// replay. Accepting a step is a conditional update in the database (see <c>TokenSteps</c>), never read-then-write.
/// Renaming and removing raise their security events; the save that writes the change stages them (ADR 0013).
/// </summary>
internal sealed class TotpToken : IRaisesSecurityEvents
{
    private readonly RaisedSecurityEvents raised = new();

    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);

    private TotpToken() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Description { get; private set; } = "";
    public byte[] ProtectedSecret { get; private set; } = [];
    public TokenState State { get; private set; }
    public int Digits { get; private set; }
    public int PeriodSeconds { get; private set; }
    public TotpHash Hash { get; private set; }

    /// <summary>The serial the token had in the system it was imported from (privacyIDEA); null for a token enrolled here.</summary>
    public string? ImportSerial { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset PendingUntil { get; private set; }
    public DateTimeOffset? ActivatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public long LastUsedStep { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    public static TotpToken BeginEnrollment(string userId, string description, byte[] protectedSecret, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Description = description.Trim(),
        ProtectedSecret = protectedSecret,
        State = TokenState.Pending,
        Digits = TotpAlgorithm.DefaultDigits,
        PeriodSeconds = TotpAlgorithm.DefaultPeriodSeconds,
        CreatedAt = now,
        PendingUntil = now + PendingLifetime,
        LastUsedStep = -1,
    };

    /// <summary>
    /// A token moved in from another system, active at once with the parameters it was made with: its user already
    /// proved holding it there. No code was accepted here yet, so every step is still open.
    /// </summary>
    public static TotpToken Imported(string userId, string serial, string description, byte[] protectedSecret, int digits, int periodSeconds,
        TotpHash hash, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Description = description.Trim(),
        ProtectedSecret = protectedSecret,
        State = TokenState.Active,
        Digits = digits,
        PeriodSeconds = periodSeconds,
        Hash = hash,
        ImportSerial = serial,
        CreatedAt = now,
        PendingUntil = now,
        ActivatedAt = now,
        LastUsedStep = -1,
    };

    public bool HasPendingExpired(DateTimeOffset now) => State == TokenState.Pending && now >= PendingUntil;

    public void Expire(DateTimeOffset now)
    {
        if (State != TokenState.Pending)
            return;
        State = TokenState.Expired;
        EndedAt = now;
    }

    public void Rename(string description, DateTimeOffset now)
    {
        if (State != TokenState.Active)
            throw new AppException(ErrorCodes.NotFound, "No such token.");
        Description = description.Trim();
        raised.Raise(new SecurityEventOccurred(SecurityEventType.TokenRenamed, UserId, SecurityEventOccurred.UserActor(UserId), now, Detail: Id.ToString()));
    }

    /// <summary>
    /// The token stops counting. Its consequence (MFA off and the backup codes retired, if it was the last one) rides
    /// with the TOKEN_REMOVED record (ADR 0013).
    /// </summary>
    public void Remove(DateTimeOffset now, string actor, string? reason)
    {
        if (State != TokenState.Active)
            throw new AppException(ErrorCodes.NotFound, "No such token.");
        State = TokenState.Removed;
        EndedAt = now;
        RaiseRemoved(now, actor, reason);
    }

    /// <summary>
    /// An administrator ends a live token: an active one is removed, a pending one expires; either way the help desk
    /// sees TOKEN_REMOVED with the stated reason, and the consequence follows as for a removal.
    /// </summary>
    public void Revoke(DateTimeOffset now, string actor, string reason)
    {
        if (State == TokenState.Active)
        {
            Remove(now, actor, reason);
            return;
        }

        Expire(now);
        RaiseRemoved(now, actor, reason);
    }

    public IReadOnlyList<RaisedSecurityEvent> TakeRaised() => raised.Take();

    private void RaiseRemoved(DateTimeOffset now, string actor, string? reason) =>
        raised.Raise(new SecurityEventOccurred(SecurityEventType.TokenRemoved, UserId, actor, now, Reason: reason, Detail: Id.ToString()),
            new TokenRemoved(UserId, Id, now));
}
