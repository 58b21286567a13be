using MfaMonolith.Host.Platform;
using MfaMonolith.SharedKernel.Pages;

namespace MfaMonolith.Host.Pages;

/// <summary>
/// The user's guide's "Related content" at <c>/help</c>: open to everybody, also before signing in and before the
/// second factor — somebody who lost their phone needs it most.
/// </summary>
internal static class HelpPage
{
    public static IEndpointRouteBuilder MapHelpPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/help", () => PageResults.Page<HelpContent>()).AllowAnonymous().RequireRateLimiting(RateLimiting.PagesPolicy);
        return app;
    }
}
