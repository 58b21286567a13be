namespace MfaMonolith.Host.Identity.Oidc;

/// <summary>
/// <c>Mfa:Oidc:*</c>: the product as an OpenID Connect client of the ProxyIdP (ADR 0012). Read and checked once at
/// start, so a wrong setting stops the Host with a message that names the key instead of failing at the first sign-in.
/// </summary>
internal sealed record OidcSignInOptions(
    Uri Authority,
    string ClientId,
    string? ClientSecret,
    IReadOnlyList<string> Scopes,
    string UserIdClaim,
    string? AdminClaim,
    string? AdminClaimValue,
    bool RequireHttpsMetadata,
    bool AcceptMfaAcr)
{
    public const string Section = "Mfa:Oidc";

    /// <summary>The options when <c>Mfa:Oidc:Authority</c> is set (OIDC mode), null otherwise (embedded sign-in).</summary>
    public static OidcSignInOptions? FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var authority = section["Authority"]?.Trim();
        if (string.IsNullOrEmpty(authority))
            return null;

        var requireHttps = section.GetValue("RequireHttpsMetadata", true);
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var authorityUri)
            || (authorityUri.Scheme != Uri.UriSchemeHttps && (requireHttps || authorityUri.Scheme != Uri.UriSchemeHttp)))
        {
            throw new InvalidOperationException(
                $"{Section}:Authority must be an absolute https:// URL (the issuer of the ProxyIdP), not '{authority}'. " +
                $"Plain http:// is accepted only with {Section}:RequireHttpsMetadata=false, for tests.");
        }

        var clientId = section["ClientId"]?.Trim();
        if (string.IsNullOrEmpty(clientId))
            throw new InvalidOperationException($"{Section}:ClientId is required when {Section}:Authority is set: the client id the ProxyIdP registered for this product.");

        // Read the array by hand: binding onto a default list would append to it instead of replacing it.
        var scopes = section.GetSection("Scopes").GetChildren().Select(s => s.Value?.Trim()).OfType<string>().Where(s => s.Length > 0).ToList();
        if (scopes.Count == 0)
            scopes = ["openid", "profile"];
        if (!scopes.Contains("openid", StringComparer.Ordinal))
            throw new InvalidOperationException($"{Section}:Scopes must include 'openid'.");

        var adminClaim = Blank(section["AdminClaim"]);
        var adminClaimValue = Blank(section["AdminClaimValue"]);
        if ((adminClaim is null) != (adminClaimValue is null))
            throw new InvalidOperationException($"{Section}:AdminClaim and {Section}:AdminClaimValue go together: set both (the claim type and the value that grants the administrator role) or neither.");

        return new OidcSignInOptions(authorityUri, clientId, Blank(section["ClientSecret"]), scopes,
            Blank(section["UserIdClaim"]) ?? "sub", adminClaim, adminClaimValue, requireHttps,
            section.GetValue("AcceptMfaAcr", false));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
