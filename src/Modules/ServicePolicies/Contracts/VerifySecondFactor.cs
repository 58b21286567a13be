using Mediator;

namespace MfaMonolith.Modules.ServicePolicies.Contracts;

/// <summary>
/// Checks a code a user typed — a TOTP code from any active token, or an unused backup code — with the per-user
/// lock-out after repeated failures. The one verification path for the ProxyIdP, the sign-in and Save settings.
/// Records VERIFICATION_ACCEPTED/REJECTED (and LOCKED_OUT) with <paramref name="Actor"/> and <paramref name="Purpose"/>.
/// </summary>
/// <param name="Actor">"user:ID" or "client:NAME".</param>
/// <param name="Purpose">What the verification is for, for the audit log: "proxyidp", "sign-in", "step-up".</param>
/// <param name="SecurityKey">Instead of a code: the answer of one of the user's security keys to a challenge.</param>
public sealed record VerifySecondFactor(string UserId, string Code, string? RelyingParty, string Actor, string Purpose, SecurityKeyAnswer? SecurityKey = null)
    : ICommand<SecondFactorVerification>;

/// <summary>A security key's answer (<c>PublicKeyCredential</c> as JSON) to the challenge <paramref name="ChallengeId"/>.</summary>
/// <param name="ThroughProxyIdp">The challenge was begun by the ProxyIdP's API (beginSecurityKeyAssertion), not by the user's session.</param>
public sealed record SecurityKeyAnswer(Guid ChallengeId, string CredentialJson, bool ThroughProxyIdp);

public enum SecondFactorFailure
{
    InvalidCode,
    Replayed,
    LockedOut,
    NoActiveFactor,
    /// <summary>A security key whose signature counter went back: a clone.</summary>
    ClonedKey,
}

/// <param name="Method">"TOTP", "BACKUP_CODE" or "WEBAUTHN" when accepted.</param>
/// <param name="RemainingBackupCodes">The user's unused backup codes after this call.</param>
/// <param name="LockedUntil">Set while verification is locked for this user.</param>
public sealed record SecondFactorVerification(bool Accepted, string? Method, int RemainingBackupCodes, DateTimeOffset? LockedUntil, SecondFactorFailure? Failure)
{
    /// <summary>The proof was a security key's answer rather than a typed code: what the user reads says so.</summary>
    public bool BySecurityKey { get; init; }

    /// <summary>What a person reads at any prompt (sign-in, step-up) when the code was refused; null when accepted.</summary>
    public string? FailureMessage => Failure switch
    {
        null => null,
        SecondFactorFailure.Replayed when BySecurityKey => "That security-key request was already used or has expired. Choose Use a security key again.",
        SecondFactorFailure.InvalidCode when BySecurityKey => "Your security key's answer was refused. Use a key you registered here, or type a code.",
        SecondFactorFailure.Replayed => "That code was already used. Wait for your app to show the next code.",
        SecondFactorFailure.LockedOut => LockedUntil is { } until
            ? $"Too many wrong codes. Verification is locked until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC."
            : "Too many wrong codes at once. Verification is locked: try again in a minute.",
        SecondFactorFailure.NoActiveFactor => "You have no verification-code token: add one first.",
        SecondFactorFailure.ClonedKey => "This security key was refused: it may have been copied. Use another key or your verification app, and tell the help desk.",
        _ => "That code is not right. Type the code your verification app shows now, or one of your backup codes. If right codes keep being refused, check that your phone's time is set automatically.",
    };
}
