namespace MfaMonolith.Host.Identity;

/// <summary>
/// The product's own cookies (session, pending second factor, antiforgery). Outside Development they are always
/// <c>Secure</c> and carry the <c>__Host-</c> prefix: a browser then takes them only from HTTPS, for this host alone
/// (no <c>Domain</c>, path <c>/</c>), so a sibling subdomain or a plain-HTTP attacker cannot plant or overwrite them.
/// Behind a TLS-terminating proxy this needs <c>Mfa:ReverseProxy</c>, so the request is known to be HTTPS.
/// Development keeps the plain names and follows the request, so <c>dotnet run</c> works on http://localhost.
/// </summary>
internal static class ProductCookies
{
    public const string HostPrefix = "__Host-";

    public static string Name(string name, bool development) => development ? name : HostPrefix + name;

    public static CookieSecurePolicy SecurePolicy(bool development) =>
        development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}
