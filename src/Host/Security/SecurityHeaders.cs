namespace MfaMonolith.Host.Security;

/// <summary>Headers on every response: no inline script or style, no framing, no caching of pages that may show secrets.</summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string PolicyOverrideKey = "MfaMonolith.ContentSecurityPolicy";

    /// <summary>
    /// Replaces the Content-Security-Policy for this one response only (the admin GraphQL IDE, ADR 0010); every other
    /// response keeps <see cref="ContentSecurityPolicy"/>.
    /// </summary>
    public static void UseContentSecurityPolicyForThisResponse(HttpContext context, string policy) =>
        context.Items[PolicyOverrideKey] = policy;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = context.Items[PolicyOverrideKey] as string ?? ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                if (!context.Request.Path.StartsWithSegments("/lib") && !context.Request.Path.StartsWithSegments("/css") && !context.Request.Path.StartsWithSegments("/js"))
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            await next();
        });
}
