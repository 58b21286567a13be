namespace MfaMonolith.Modules.Tokens.Domain;

/// <summary>
/// <c>Mfa:WebAuthn:*</c>: the relying-party id keys are bound to (the site's host name, or a parent domain of it) and
/// the origins whose pages may use them. The defaults fit <c>dotnet run</c> on this machine.
/// </summary>
internal sealed class WebAuthnOptions
{
    public string RelyingPartyId { get; set; } = "localhost";

    /// <summary>The name authenticators show; <c>Mfa:Issuer</c> unless set.</summary>
    public string? RelyingPartyName { get; set; }

    /// <summary>Each origin exactly (scheme, host, port); none configured means <see cref="DefaultOrigins"/>.</summary>
    public List<string> Origins { get; set; } = [];

    /// <summary>Where <c>dotnet run</c> listens (launchSettings.json).</summary>
    public static readonly string[] DefaultOrigins = ["http://localhost:5080"];

    public IReadOnlyList<string> EffectiveOrigins => Origins.Count > 0 ? Origins : DefaultOrigins;

    /// <summary>Why this configuration cannot work, or null: keys are bound to the id, so a wrong one fails every ceremony.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(RelyingPartyId) || Uri.CheckHostName(RelyingPartyId) != UriHostNameType.Dns)
            return $"Mfa:WebAuthn:RelyingPartyId must be a host name (the site's, or a parent domain of it), not '{RelyingPartyId}'.";
        foreach (var origin in EffectiveOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || uri.Query.Length > 0
                || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
                return $"Mfa:WebAuthn:Origins: '{origin}' is not an origin such as https://mfa.example.org (http only for localhost).";
            if (!uri.Host.Equals(RelyingPartyId, StringComparison.OrdinalIgnoreCase) && !uri.Host.EndsWith("." + RelyingPartyId, StringComparison.OrdinalIgnoreCase))
                return $"Mfa:WebAuthn:Origins: '{origin}' is not on Mfa:WebAuthn:RelyingPartyId '{RelyingPartyId}' or a subdomain of it.";
        }

        return null;
    }
}

/// <summary>Says at start what exactly is wrong with <c>Mfa:WebAuthn</c>, not just that something is.</summary>
internal sealed class WebAuthnOptionsProblem : Microsoft.Extensions.Options.IValidateOptions<WebAuthnOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, WebAuthnOptions options) =>
        options.Problem() is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
