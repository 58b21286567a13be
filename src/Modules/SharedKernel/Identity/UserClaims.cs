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
    public const string ApiClient = "mfa:client";
    public const string Scope = "mfa:scope";
    public const string PolicyReadScope = "policy:read";
    public const string OtpVerifyScope = "otp:verify";

    /// <summary>Lets an API client introspect the schema (tooling, the GraphQL-over-HTTP audit); ADR 0010.</summary>
    public const string SchemaReadScope = "schema:read";

    public static string? FindUserId(this ClaimsPrincipal? principal) =>
        principal?.Identity?.IsAuthenticated == true ? principal.FindFirstValue(UserId) : null;

    /// <summary>The signed-in user's id, or an <c>UNAUTHENTICATED</c> error (<c>FORBIDDEN</c> for an API client).</summary>
    public static string RequireUserId(this ClaimsPrincipal? principal) =>
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

    /// <summary>The signed-in administrator's id, or an authorization error.</summary>
    public static string RequireAdmin(this ClaimsPrincipal? principal)
    {
        var userId = principal.RequireUserId();
        return principal!.IsInRole(AdminRole)
            ? userId
            : throw new AppException(ErrorCodes.Forbidden, "Only administrators may do this.");
    }
}
