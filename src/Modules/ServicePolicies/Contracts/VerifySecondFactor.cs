using Mediator;

namespace MfaMonolith.Modules.ServicePolicies.Contracts;

/// <summary>
/// Checks a code a user typed — a TOTP code from any active token, or an unused backup code — with the per-user
/// lock-out after repeated failures. The one verification path for the ProxyIdP, the sign-in and Save settings.
/// Records VERIFICATION_ACCEPTED/REJECTED (and LOCKED_OUT) with <paramref name="Actor"/> and <paramref name="Purpose"/>.
/// </summary>
/// <param name="Actor">"user:ID" or "client:NAME".</param>
/// <param name="Purpose">What the verification is for, for the audit log: "proxyidp", "sign-in", "step-up".</param>
public sealed record VerifySecondFactor(string UserId, string Code, string? RelyingParty, string Actor, string Purpose) : ICommand<SecondFactorVerification>;

public enum SecondFactorFailure
{
    InvalidCode,
    Replayed,
    LockedOut,
    NoActiveFactor,
}

/// <param name="Method">"TOTP" or "BACKUP_CODE" when accepted.</param>
/// <param name="RemainingBackupCodes">The user's unused backup codes after this call.</param>
/// <param name="LockedUntil">Set while verification is locked for this user.</param>
public sealed record SecondFactorVerification(bool Accepted, string? Method, int RemainingBackupCodes, DateTimeOffset? LockedUntil, SecondFactorFailure? Failure)
{
    /// <summary>What a person reads at any prompt (sign-in, step-up) when the code was refused; null when accepted.</summary>
    public string? FailureMessage => Failure switch
    {
        null => null,
        SecondFactorFailure.Replayed => "That code was already used. Wait for your app to show the next code.",
        SecondFactorFailure.LockedOut => LockedUntil is { } until
            ? $"Too many wrong codes. Verification is locked until {until.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)} UTC."
            : "Too many wrong codes at once. Verification is locked: try again in a minute.",
        SecondFactorFailure.NoActiveFactor => "You have no verification-code token: add one first.",
        _ => "That code is not right. Type the code your verification app shows now, or one of your backup codes. If right codes keep being refused, check that your phone's time is set automatically.",
    };
}
