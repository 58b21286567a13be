using System.Globalization;
using System.Security.Claims;
using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Host.ApiClients;
using MfaMonolith.Host.Identity.EmbeddedSignIn;
using MfaMonolith.Host.Identity.Oidc;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.Host.Identity.Sessions;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Identity.StepUp;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace MfaMonolith.Host.Identity;

internal static class AuthenticationSetup
{
    /// <summary>The session of a fully signed-in user.</summary>
    public const string SessionScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>A password was right, the second factor is still to come: good for nothing but the second-factor page.</summary>
    public const string PendingSecondFactorScheme = "PendingSecondFactor";

    /// <param name="oidc">The OpenID Connect sign-in's options; null for the embedded sign-in.</param>
    /// <param name="development">The Development environment: cookies keep their plain names and work over HTTP.</param>
    public static IServiceCollection AddProductAuthentication(this IServiceCollection services, IConfiguration configuration, OidcSignInOptions? oidc, bool development)
    {
        services.AddOptions<SessionLifetimeOptions>().Bind(configuration.GetSection("Mfa:Sessions"))
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteLifetime >= o.IdleTimeout, "Mfa:Sessions: IdleTimeout must be positive and not longer than AbsoluteLifetime.")
            .ValidateOnStart();
        services.AddScoped<SessionStore>();
        services.AddScoped<ISessionSecondFactorStore>(provider => provider.GetRequiredService<SessionStore>());
        services.AddScoped<SessionStepUp>();
        services.AddOptions<StepUpOptions>().Bind(configuration.GetSection(StepUpOptions.Section))
            .Validate(StepUpOptions.IsValid, StepUpOptions.InvalidMessage)
            .ValidateOnStart();
        services.AddSingleton<EmbeddedAccounts>();

        // The server-side session (SessionStore) decides idleness, to the minute. The cookie's own sliding expiry would
        // not: it renews only after half its time, so it could end a session used 20 minutes ago. The cookie just
        // lasts the absolute lifetime.
        var absolute = configuration.GetValue("Mfa:Sessions:AbsoluteLifetime", TimeSpan.FromHours(8));
        // Either way the session cookie is what every request is authenticated by; only who signs in differs.
        var authentication = services.AddAuthentication(options =>
        {
            options.DefaultScheme = SessionScheme;
            options.DefaultChallengeScheme = oidc is null ? SessionScheme : OidcSignIn.Scheme;
        });
        authentication
            .AddCookie(SessionScheme, options =>
            {
                options.Cookie.Name = ProductCookies.Name("mfa.session", development);
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = ProductCookies.SecurePolicy(development);
                options.ExpireTimeSpan = absolute;
                options.SlidingExpiration = false;
                options.LoginPath = "/signin";
                options.LogoutPath = "/signout";
                options.AccessDeniedPath = "/signin";
                options.Events.OnValidatePrincipal = ValidateSessionAsync;
            })
            .AddCookie(PendingSecondFactorScheme, options =>
            {
                options.Cookie.Name = ProductCookies.Name("mfa.pending", development);
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = ProductCookies.SecurePolicy(development);
                options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                options.SlidingExpiration = false;
                options.LoginPath = "/signin";
            });
        if (oidc is not null)
            authentication.AddOidcSignIn(oidc);
        services.AddSingleton<ConfiguredApiClients>();
        services.AddSingleton<ISchemaContributor, ApiClientsSchemaContributor>();
        authentication.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        return services;
    }

    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var sessionId = principal?.FindFirstValue(UserClaims.SessionId);
        var userId = principal.FindUserId();
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        var session = sessionId is null || userId is null ? null : await sessions.ValidateAsync(sessionId, userId, context.HttpContext.RequestAborted);
        if (session is null || principal!.Identity is not ClaimsIdentity identity)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionScheme);
            return;
        }

        // The server-side session says when a second factor was last verified (ADR 0015), whatever the cookie carries:
        // a step-up on another instance counts here at once, and a copied old cookie carries nothing.
        foreach (var claim in identity.FindAll(c => c.Type is UserClaims.SecondFactorAt or UserClaims.SecondFactorPending).ToList())
            identity.RemoveClaim(claim);
        if (session.SecondFactorAt is { } at)
        {
            identity.AddClaim(new Claim(UserClaims.SecondFactorAt, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }
        else if ((await context.HttpContext.RequestServices.GetRequiredService<ISender>().Send(new GetTokenStatus(userId!), context.HttpContext.RequestAborted)).HasActiveToken)
        {
            // A session that began without a second factor (OIDC without MFA, or before the user's first token was
            // enrolled elsewhere) while the user now has a token: nothing but the second-factor prompt until a code is verified.
            identity.AddClaim(new Claim(UserClaims.SecondFactorPending, "1"));
        }
    }
}
