using System.Security.Claims;
using System.Text.Json;

namespace MfaMonolith.Host.Identity.Oidc;

/// <summary>
/// Reads who the ProxyIdP says the user is: the user id from the configured claim, the administrator role from the
/// configured claim and value. Claims arrive as several claims of one type (a JSON array in the id_token) or, from
/// some providers, as one claim whose value is a JSON array: both count.
/// </summary>
internal static class OidcClaimMapping
{
    /// <summary>Longer ids are refused: the product stores the user id in every table and audit record.</summary>
    public const int MaxUserIdLength = 256;

    public static string? UserId(ClaimsPrincipal principal, OidcSignInOptions options) =>
        Values(principal, options.UserIdClaim).FirstOrDefault() is { Length: > 0 and <= MaxUserIdLength } userId ? userId : null;

    /// <summary>The one <c>acr</c> value that says the ProxyIdP itself verified a second factor at this login.</summary>
    public const string MfaAcr = "https://refeds.org/profile/mfa";

    /// <summary>
    /// Whether the id_token proves a second factor: only when the operator trusts the ProxyIdP's <c>acr</c>
    /// (<c>Mfa:Oidc:AcceptMfaAcr</c>) and it is exactly the REFEDS MFA profile. Any other value, <c>sfa</c> among them,
    /// or several <c>acr</c> claims, count for nothing: the product's own prompt then asks for a code.
    /// </summary>
    public static bool HasMfaAcr(ClaimsPrincipal principal, OidcSignInOptions options) =>
        options.AcceptMfaAcr && principal.FindAll("acr").Select(c => c.Value).ToList() is [MfaAcr];

    public static bool IsAdmin(ClaimsPrincipal principal, OidcSignInOptions options) =>
        options.AdminClaim is { } claim && options.AdminClaimValue is { } value
        && Values(principal, claim).Contains(value, StringComparer.Ordinal);

    private static IEnumerable<string> Values(ClaimsPrincipal principal, string claimType)
    {
        foreach (var claim in principal.FindAll(claimType))
        {
            if (claim.Value.StartsWith('[') && TryReadArray(claim.Value) is { } items)
            {
                foreach (var item in items)
                    yield return item;
            }
            else
            {
                yield return claim.Value;
            }
        }
    }

    private static List<string>? TryReadArray(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())
                .ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
