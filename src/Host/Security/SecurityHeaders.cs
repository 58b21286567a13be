namespace MfaMonolith.Host.Security;

/// <summary>Headers on every response: no inline script or style, no framing, no caching of pages that may show secrets.</summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The policy of the pages. Browsers apply <c>form-action</c> to where a form's answer redirects too, so in OIDC mode
    /// the ProxyIdP's origin is allowed there: Log out (a form) ends with a redirect to its end-session endpoint.
    /// </summary>
    public static string ContentSecurityPolicyFor(Uri? signInAuthority) =>
        signInAuthority is null
            ? ContentSecurityPolicy
            : ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {signInAuthority.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);

    private const string PolicyOverrideKey = "MfaMonolith.ContentSecurityPolicy";

    /// <summary>
    /// Replaces the Content-Security-Policy for this one response only (the admin GraphQL IDE, ADR 0010); every other
    /// response keeps <see cref="ContentSecurityPolicy"/>.
    /// </summary>
    public static void UseContentSecurityPolicyForThisResponse(HttpContext context, string policy) =>
        context.Items[PolicyOverrideKey] = policy;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, Uri? signInAuthority)
    {
        var contentSecurityPolicy = ContentSecurityPolicyFor(signInAuthority);
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Items[PolicyOverrideKey] as string ?? contentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // Static files may be cached; so may the admin IDE's hashed bundle files, which say so themselves.
                if (!context.Request.Path.StartsWithSegments("/lib") && !context.Request.Path.StartsWithSegments("/css") && !context.Request.Path.StartsWithSegments("/js")
                    && !(context.Request.Path.StartsWithSegments("/graphql/ui/static") && headers.CacheControl.Count > 0))
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
    }
}
