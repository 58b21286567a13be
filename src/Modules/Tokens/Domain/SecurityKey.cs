using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;

namespace MfaMonolith.Modules.Tokens.Domain;

/// <summary>
/// A WebAuthn credential (a security key or a passkey) of one user: the second kind of token. Only its public key is
/// stored, which is no secret. <see cref="SignCount"/> is the highest signature counter ever accepted: an assertion
/// that does not go past it comes from a clone (or is out of order) and is refused; it only ever grows, by a
/// conditional update (see <c>SecurityKeySteps</c>). Renaming and removing raise the same events as for a TOTP token.
/// </summary>
internal sealed class SecurityKey : IRaisesSecurityEvents
{
    public const string Method = "WEBAUTHN";

    private readonly RaisedSecurityEvents raised = new();

    private SecurityKey() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Description { get; private set; } = "";
    public byte[] CredentialId { get; private set; } = [];

    /// <summary>The COSE-encoded public key the assertions are checked with.</summary>
    public byte[] PublicKey { get; private set; } = [];

    public byte[] UserHandle { get; private set; } = [];
    public long SignCount { get; private set; }

    /// <summary>The authenticator model's id (all zeros when attestation is "none" and the authenticator does not say).</summary>
    public Guid AaGuid { get; private set; }

    /// <summary>How the browser may reach the key ("usb", "nfc", "internal", …), comma-separated, as it reported them.</summary>
    public string Transports { get; private set; } = "";

    /// <summary>A passkey that may be synced to the user's other devices (the BE flag).</summary>
    public bool IsBackupEligible { get; private set; }

    public TokenState State { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    public static SecurityKey Registered(string userId, string description, byte[] credentialId, byte[] publicKey, byte[] userHandle, uint signCount,
        Guid aaGuid, IEnumerable<string> transports, bool isBackupEligible, DateTimeOffset now)
    {
        var key = new SecurityKey
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            Description = description.Trim(),
            CredentialId = credentialId,
            PublicKey = publicKey,
            UserHandle = userHandle,
            SignCount = signCount,
            AaGuid = aaGuid,
            Transports = string.Join(',', transports),
            IsBackupEligible = isBackupEligible,
            State = TokenState.Active,
            CreatedAt = now,
        };
        key.raised.Raise(new SecurityEventOccurred(SecurityEventType.EnrolmentConfirmed, userId, SecurityEventOccurred.UserActor(userId), now,
            Method: Method, Detail: key.Id.ToString()));
        return key;
    }

    public void Rename(string description, DateTimeOffset now)
    {
        if (State != TokenState.Active)
            throw new AppException(ErrorCodes.NotFound, "No such token.");
        Description = description.Trim();
        raised.Raise(new SecurityEventOccurred(SecurityEventType.TokenRenamed, UserId, SecurityEventOccurred.UserActor(UserId), now, Method: Method, Detail: Id.ToString()));
    }

    /// <summary>The key stops counting; the consequence of the last factor going rides with TOKEN_REMOVED (ADR 0013).</summary>
    public void Remove(DateTimeOffset now, string actor, string? reason)
    {
        if (State != TokenState.Active)
            throw new AppException(ErrorCodes.NotFound, "No such token.");
        State = TokenState.Removed;
        EndedAt = now;
        raised.Raise(new SecurityEventOccurred(SecurityEventType.TokenRemoved, UserId, actor, now, Method: Method, Reason: reason, Detail: Id.ToString()),
            new TokenRemoved(UserId, Id, now));
    }

    public IReadOnlyList<RaisedSecurityEvent> TakeRaised() => raised.Take();
}
