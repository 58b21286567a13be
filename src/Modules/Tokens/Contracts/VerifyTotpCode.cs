using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Modules.Tokens.Contracts;

/// <summary>
/// Checks a code a user typed against all of the user's active TOTP tokens. An accepted time step is never
/// accepted again for that token, also under concurrent calls and across instances. The caller (sign-in, step-up, the
/// ProxyIdP path) knows what the verification was for: it passes the event to record, <paramref name="WhenAccepted"/>,
/// which is staged in the same transaction as the accepted step (the caller publishes rejections itself).
/// </summary>
public sealed record VerifyTotpCode(string UserId, string Code, SecurityEventOccurred? WhenAccepted = null) : ICommand<TotpVerification>;

public enum TotpVerificationOutcome
{
    Accepted,
    /// <summary>Wrong, malformed, or outside the accepted window.</summary>
    InvalidCode,
    /// <summary>A right code whose time step was already accepted: a double submit or a replay, not a guess.</summary>
    Replayed,
    NoActiveToken,
}

public sealed record TotpVerification(TotpVerificationOutcome Outcome, Guid? TokenId)
{
    public bool Accepted => Outcome == TotpVerificationOutcome.Accepted;
}
