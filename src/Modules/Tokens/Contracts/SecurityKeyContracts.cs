using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Modules.Tokens.Contracts;

/// <summary>
/// Who asks a user to present a security key: the user's own session (sign-in, step-up) or the ProxyIdP's API. A
/// challenge is finished only on the channel it was begun on.
/// </summary>
public enum SecurityKeyChannel
{
    Session = 0,
    ProxyIdp = 1,
}

/// <summary>
/// A challenge for one of the user's active security keys: the options JSON for <c>navigator.credentials.get</c>,
/// valid for 5 minutes and once, and only for <paramref name="RelyingParty"/> (the service being signed in to, or null).
/// Null when the user has no active security key.
/// </summary>
public sealed record BeginSecurityKeyAssertion(string UserId, SecurityKeyChannel Channel, string? RelyingParty = null) : ICommand<SecurityKeyChallenge?>;

public sealed record SecurityKeyChallenge(Guid ChallengeId, string OptionsJson, DateTimeOffset ExpiresAt);

/// <summary>
/// Checks the browser's answer (<c>PublicKeyCredential</c> as JSON) to a challenge of <see cref="BeginSecurityKeyAssertion"/>:
/// the signature with the stored public key, and a signature counter past the one last accepted. The challenge is used
/// up by the first answer, whatever its outcome. <paramref name="WhenAccepted"/> is recorded in the transaction that
/// accepts the counter, as for <see cref="VerifyTotpCode"/>.
/// </summary>
public sealed record VerifySecurityKeyAssertion(string UserId, Guid ChallengeId, SecurityKeyChannel Channel, string CredentialJson, string? RelyingParty,
    SecurityEventOccurred? WhenAccepted = null) : ICommand<SecurityKeyVerification>;

public enum SecurityKeyVerificationOutcome
{
    Accepted,
    /// <summary>Not a valid answer: unknown challenge or key, a bad signature, the wrong origin, malformed JSON.</summary>
    Invalid,
    /// <summary>The challenge was used already or has expired: an answer sent twice, not a guess.</summary>
    Replayed,
    /// <summary>The signature counter did not go past the one last accepted: a cloned key (or answers out of order).</summary>
    ClonedKey,
    NoActiveKey,
}

public sealed record SecurityKeyVerification(SecurityKeyVerificationOutcome Outcome, Guid? KeyId)
{
    public bool Accepted => Outcome == SecurityKeyVerificationOutcome.Accepted;
}
