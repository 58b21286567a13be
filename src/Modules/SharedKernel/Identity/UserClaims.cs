using System.Security.Claims;
using MfaMonolith.SharedKernel.Errors;

namespace MfaMonolith.SharedKernel.Identity;

/// <summary>The claims every part of the product reads the signed-in party from.</summary>
public static class UserClaims
{
    public const string UserId = "mfa:uid";
    public const string SessionId = "mfa:sid";
    public const string AuthenticatedAt = "mfa:auth_time";
    /// <summary>When the session last verified a second factor (unix seconds), from the server-side session (ADR 0015).</summary>
    public const string SecondFactorAt = "mfa:2fa_time";

    /// <summary>The user has an active token but this session has not verified a second factor yet: only the prompt is open.</summary>
    public const string SecondFactorPending = "mfa:2fa_pending";
    public const string AdminRole = "mfa-admin";
    public const string ApiClient = "mfa:client";
    public const string Scope = "mfa:scope";
    public const string PolicyReadScope = "policy:read";
    public const string OtpVerifyScope = "otp:verify";

    /// <summary>Lets an API client introspect the schema (tooling, the GraphQL-over-HTTP audit); ADR 0010.</summary>
    public const string SchemaReadScope = "schema:read";

    public static string? FindUserId(this ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(UserId) : null;

    /// <summary>
    /// The signed-in user's id, or an <c>UNAUTHENTICATED</c> error (<c>FORBIDDEN</c> for an API client). A session that
    /// still owes its second factor gets <c>SECOND_FACTOR_REQUIRED</c>: with a token, nothing is managed on a password alone.
    /// </summary>
    public static string RequireUserId(this ClaimsPrincipal? principal)
    {
        var userId = principal.RequireSignedInUser();
        return principal!.HasClaim(c => c.Type == SecondFactorPending)
            ? throw new AppException(ErrorCodes.SecondFactorRequired,
                "Your account is protected with multi-factor authentication: verify a code first (mutation verifyStepUp, or the page /second-factor).")
            : userId;
    }

    /// <summary>The signed-in user's id, also while the session still owes its second factor (for the verification itself).</summary>
    public static string RequireSignedInUser(this ClaimsPrincipal? principal) =>
        principal.FindUserId()
        ?? (principal.FindApiClient() is not null
            ? throw new AppException(ErrorCodes.Forbidden, "API clients cannot use the user's own operations.")
            : throw new AppException(ErrorCodes.Unauthenticated, "Sign in to do this."));

    public static string? FindApiClient(this ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(ApiClient) : null;

    /// <summary>The calling API client's name if it holds <paramref name="scope"/>; otherwise a clear authorization error.</summary>
    public static string RequireApiScope(this ClaimsPrincipal? principal, string scope)
    {
        var client = principal.FindApiClient()
            ?? (principal?.Identity?.IsAuthenticated == true
                ? throw new AppException(ErrorCodes.Forbidden, $"Only an API client with the scope '{scope}' may do this.")
                : throw new AppException(ErrorCodes.Unauthenticated, "Send the API client's key: Authorization: Bearer <api key>."));
        return principal!.HasClaim(Scope, scope)
            ? client
            : throw new AppException(ErrorCodes.Forbidden, $"The API client '{client}' lacks the scope '{scope}'.");
    }

    /// <summary>
    /// The signed-in administrator's id, or an authorization error. Administrators act only with a session that passed
    /// a second factor; one without a token is told to enrol one first.
    /// </summary>
    public static string RequireAdmin(this ClaimsPrincipal? principal)
    {
        var userId = principal.RequireUserId();
        if (!principal!.IsInRole(AdminRole))
            throw new AppException(ErrorCodes.Forbidden, "Only administrators may do this.");
        return principal.HasClaim(c => c.Type == SecondFactorAt)
            ? userId
            : throw new AppException(ErrorCodes.SecondFactorRequired,
                "Administrators act only with a session that passed a second factor. Enrol a verification-code token first " +
                "(My tokens → Add a token, at /tokens/new), then verify a code (mutation verifyStepUp) or sign in again with it.");
    }
}
