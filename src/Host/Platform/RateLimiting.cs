using System.Threading.RateLimiting;
using MfaMonolith.Host.ApiClients;
using MfaMonolith.Host.Identity.EmbeddedSignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;

namespace MfaMonolith.Host.Platform;

/// <summary>
/// Per-client-IP limits on the sign-in and the pages. Not on API clients with a valid key: the ProxyIdP sends every
/// user's login from one address, so for it the per-user lock-out is the protection.
/// </summary>
internal static class RateLimiting
{
    public const string PagesPolicy = "pages";
    public const string GraphQLPolicy = "graphql";

    /// <summary>The request's key in HttpContext.Items: its API key is valid.</summary>
    private static readonly object ValidApiClient = new();

    public static IServiceCollection AddProductRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var signInPerMinute = configuration.GetValue("Mfa:RateLimits:SignInPerMinute", 20);
        var pagesPerMinute = configuration.GetValue("Mfa:RateLimits:PagesPerMinute", 600);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(EmbeddedSignInEndpoints.RateLimitPolicy, context => PerClientIp(context, signInPerMinute));
            options.AddPolicy(PagesPolicy, context => PerClientIp(context, pagesPerMinute));
            // Browser sessions calling /graphql share the pages' per-IP budget; API clients with a valid key are not
            // limited per IP: the ProxyIdP sends every user's login from one address. A wrong or unknown key counts
            // against its IP like any other caller, so guessing keys is limited.
            options.AddPolicy(GraphQLPolicy, context => context.Items.ContainsKey(ValidApiClient)
                ? RateLimitPartition.GetNoLimiter("api-clients")
                : PerClientIp(context, pagesPerMinute));
        });
        return services;
    }

    /// <summary>
    /// Before the limiter: checks the API key of a request to the GraphQL endpoint, since choosing its partition needs
    /// to know whether the key is valid and a partition is chosen synchronously. The endpoint asks the same scheme later
    /// and gets this result again (a handler authenticates once per request), so the key is looked up once.
    /// </summary>
    public static void UseProductRateLimiting(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (!string.IsNullOrEmpty(context.Request.Headers.Authorization)
                && context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == GraphQLPolicy
                && (await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName)).Succeeded)
                context.Items[ValidApiClient] = true;
            await next(context);
        });
        app.UseRateLimiter();
    }

    private static RateLimitPartition<string> PerClientIp(HttpContext context, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
