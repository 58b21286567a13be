using System.Security.Claims;
using MfaMonolith.SharedKernel.Errors;

namespace MfaMonolith.SharedKernel.Identity;

/// <summary>The claims every part of the product reads the signed-in party from.</summary>
public static class UserClaims
{
    public const string UserId = "mfa:uid";
    public const string SessionId = "mfa:sid";
    public const string AuthenticatedAt = "mfa:auth_time";
    public const string SecondFactorAt = "mfa:2fa_time";
    public const string AdminRole = "mfa-admin";

    public static string? FindUserId(this ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(UserId) : null;

    /// <summary>The signed-in user's id, or an <c>UNAUTHENTICATED</c> error.</summary>
    public static string RequireUserId(this ClaimsPrincipal? principal) =>
        principal.FindUserId() ?? throw new AppException(ErrorCodes.Unauthenticated, "Sign in to do this.");
}
