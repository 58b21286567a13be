using System.Security.Claims;
using MfaMonolith.Host.Identity.Sessions;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Host.Identity.Oidc;

/// <summary>
/// What the OpenID Connect mode serves beside the handler's own callbacks: Log out, and the page after it. Signing in
/// needs no endpoint: any page challenges an anonymous visitor, which sends them to the ProxyIdP.
/// </summary>
internal static class OidcSignInEndpoints
{
    public const string SignedOutPath = "/signed-out";

    public static IEndpointRouteBuilder MapOidcSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(SignedOutPath, () => PageResults.Page<SignedOutPage>()).AllowAnonymous();

        endpoints.MapPost("/signout", async (HttpContext http, SessionStore sessions, IAntiforgery antiforgery,
            IOptionsMonitor<OpenIdConnectOptions> handlerOptions, ILoggerFactory loggers) =>
        {
            // No form field is bound here, so the antiforgery check is not automatic: a forged Log out is refused explicitly.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            // The product's session ends first, whatever the ProxyIdP does next.
            if (http.User.FindFirstValue(UserClaims.SessionId) is { } sessionId)
                await sessions.EndAsync(sessionId, http.RequestAborted);
            await http.SignOutAsync(AuthenticationSetup.SessionScheme);

            if (!await HasEndSessionEndpointAsync(handlerOptions.Get(OidcSignIn.Scheme), loggers, http.RequestAborted))
                return PageResults.SeeOther(SignedOutPath);
            // The handler redirects to the ProxyIdP's end_session_endpoint, which sends the browser back to the
            // signed-out page through /signout-callback-oidc.
            await http.SignOutAsync(OidcSignIn.Scheme, new AuthenticationProperties { RedirectUri = SignedOutPath });
            return Results.Empty;
        });

        return endpoints;
    }

    private static async Task<bool> HasEndSessionEndpointAsync(OpenIdConnectOptions options, ILoggerFactory loggers, CancellationToken ct)
    {
        try
        {
            var configuration = options.ConfigurationManager is { } manager ? await manager.GetConfigurationAsync(ct) : options.Configuration;
            return !string.IsNullOrEmpty(configuration?.EndSessionEndpoint);
        }
        catch (InvalidOperationException error)
        {
            // The ProxyIdP's metadata is out of reach: the product's session has ended all the same.
            loggers.CreateLogger(typeof(OidcSignInEndpoints)).LogWarning(error, "Could not read the OpenID Connect metadata at Log out; signed out locally only.");
            return false;
        }
    }
}
