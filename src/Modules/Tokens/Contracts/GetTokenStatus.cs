using Mediator;

namespace MfaMonolith.Modules.Tokens.Contracts;

/// <summary>What other parts of the product may know about a user's tokens: never a secret.</summary>
public sealed record GetTokenStatus(string UserId) : IQuery<TokenStatus>;

/// <param name="ActiveTotpCount">Active verification-app tokens.</param>
/// <param name="ActiveSecurityKeyCount">Active security keys and passkeys (WebAuthn).</param>
public sealed record TokenStatus(int ActiveTotpCount, Guid? PendingEnrollmentId, int ActiveSecurityKeyCount = 0)
{
    /// <summary>The user holds a second factor of either kind: MFA is activated, and the lock-out prevention counts both.</summary>
    public bool HasActiveToken => ActiveTotpCount + ActiveSecurityKeyCount > 0;

    public bool HasTotp => ActiveTotpCount > 0;

    public bool HasSecurityKey => ActiveSecurityKeyCount > 0;
}
