using System.Threading.RateLimiting;
using MfaMonolith.Host.Identity.EmbeddedSignIn;

namespace MfaMonolith.Host.Platform;

/// <summary>
/// Per-client-IP limits on the sign-in and the pages. Not on API clients: the ProxyIdP sends every user's login
/// from one address, so for it the per-user lock-out is the protection.
/// </summary>
internal static class RateLimiting
{
    public const string PagesPolicy = "pages";
    public const string GraphQLPolicy = "graphql";

    public static IServiceCollection AddProductRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var signInPerMinute = configuration.GetValue("Mfa:RateLimits:SignInPerMinute", 20);
        var pagesPerMinute = configuration.GetValue("Mfa:RateLimits:PagesPerMinute", 600);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(EmbeddedSignInEndpoints.RateLimitPolicy, context => PerClientIp(context, signInPerMinute));
            options.AddPolicy(PagesPolicy, context => PerClientIp(context, pagesPerMinute));
            // Browser sessions calling /graphql share the pages' per-IP budget; API clients (a key in Authorization) are
            // not limited per IP: the ProxyIdP sends every user's login from one address.
            options.AddPolicy(GraphQLPolicy, context => string.IsNullOrEmpty(context.Request.Headers.Authorization)
                ? PerClientIp(context, pagesPerMinute)
                : RateLimitPartition.GetNoLimiter("api-clients"));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClientIp(HttpContext context, int permitsPerMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
