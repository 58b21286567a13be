using Mediator;
using MfaMonolith.Host.Identity.Sessions;
using MfaMonolith.SharedKernel.Pages;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MfaMonolith.Host.Identity.Oidc;

/// <summary>
/// The production sign-in (ADR 0012): authorization code with PKCE at the ProxyIdP. The handler only proves who the
/// user is; the product then starts its own server-side session, so the session cookie holds the product's few
/// claims and never a token.
/// </summary>
internal static class OidcSignIn
{
    public const string Scheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string CallbackPath = "/signin-oidc";
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    /// <summary>The reason on SIGN_IN_SUCCEEDED when the second factor is the ProxyIdP's MFA <c>acr</c>.</summary>
    public const string AcrMfaReason = "ACR_MFA";

    public static AuthenticationBuilder AddOidcSignIn(this AuthenticationBuilder authentication, OidcSignInOptions oidc)
    {
        authentication.Services.AddSingleton(oidc);
        return authentication.AddOpenIdConnect(Scheme, options =>
        {
            options.Authority = oidc.Authority.ToString();
            options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            // The code comes back in the query of a top-level GET, so the correlation and nonce cookies can be
            // SameSite=Lax like the session cookie (form_post would need SameSite=None, hence Secure, even on localhost).
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Scope.Clear();
            foreach (var scope in oidc.Scopes)
                options.Scope.Add(scope);
            options.CallbackPath = CallbackPath;
            options.SignedOutCallbackPath = SignedOutCallbackPath;
            options.SignInScheme = AuthenticationSetup.SessionScheme;
            // Claim types exactly as the ProxyIdP sends them, so Mfa:Oidc:UserIdClaim means what it says.
            options.MapInboundClaims = false;
            // The cookie stays small and never carries the ProxyIdP's tokens; the session row is what counts.
            options.SaveTokens = false;
            options.UseTokenLifetime = false;
            options.GetClaimsFromUserInfoEndpoint = false;
            // The handler drops acr from the principal by default; Mfa:Oidc:AcceptMfaAcr needs to read it.
            options.ClaimActions.Remove("acr");
            options.Events = new OpenIdConnectEvents
            {
                OnRedirectToIdentityProvider = context =>
                {
                    HtmxRedirect.WhenHtmx(context.HttpContext);
                    return Task.CompletedTask;
                },
                OnRedirectToIdentityProviderForSignOut = context =>
                {
                    // No id_token is kept to send as id_token_hint: the client id tells the ProxyIdP who is asking.
                    context.ProtocolMessage.ClientId = oidc.ClientId;
                    HtmxRedirect.WhenHtmx(context.HttpContext);
                    return Task.CompletedTask;
                },
                OnTicketReceived = StartSessionAsync,
                OnRemoteFailure = RefuseAsync,
            };
        });
    }

    /// <summary>Everything about the ProxyIdP's answer has been checked: map its claims and start the product's session.</summary>
    private static async Task StartSessionAsync(TicketReceivedContext context)
    {
        var http = context.HttpContext;
        var oidc = http.RequestServices.GetRequiredService<OidcSignInOptions>();
        var publisher = http.RequestServices.GetRequiredService<IPublisher>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var userId = context.Principal is { } principal ? OidcClaimMapping.UserId(principal, oidc) : null;
        if (userId is null)
        {
            await publisher.Publish(new SecurityEventOccurred(SecurityEventType.SignInFailed, null, "user:?", now, Reason: "NO_USER_ID_CLAIM"));
            await ShowFailureAsync(http);
            context.HandleResponse();
            return;
        }

        // The ProxyIdP's word for a second factor counts only when the operator chose to trust it (ADR 0012).
        var mfaAcr = OidcClaimMapping.HasMfaAcr(context.Principal!, oidc);
        context.Principal = await SessionPrincipal.StartAsync(http, userId, OidcClaimMapping.IsAdmin(context.Principal!, oidc),
            secondFactor: mfaAcr, "oidc", secondFactorReason: mfaAcr ? AcrMfaReason : null);
    }

    /// <summary>A forged or expired id_token, an error from the ProxyIdP, a stale callback: recorded, and a page instead of a 500.</summary>
    private static async Task RefuseAsync(RemoteFailureContext context)
    {
        var http = context.HttpContext;
        var reason = context.Failure switch
        {
            SecurityTokenException => "INVALID_ID_TOKEN",
            // A nonce or token hash that does not match is an id_token minted for another sign-in (a replay), not a refusal.
            OpenIdConnectProtocolInvalidNonceException or OpenIdConnectProtocolInvalidAtHashException or OpenIdConnectProtocolInvalidCHashException => "INVALID_ID_TOKEN",
            OpenIdConnectProtocolException => "PROVIDER_REFUSED",
            _ => "INVALID_CALLBACK",
        };
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn));
        logger.LogWarning(context.Failure, "OpenID Connect sign-in failed ({Reason}).", reason);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        await http.RequestServices.GetRequiredService<IPublisher>()
            .Publish(new SecurityEventOccurred(SecurityEventType.SignInFailed, null, "user:?", now, Reason: reason));
        await ShowFailureAsync(http);
        context.HandleResponse();
    }

    private static Task ShowFailureAsync(HttpContext http) =>
        PageResults.Page<SignInFailedPage>(statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
}
