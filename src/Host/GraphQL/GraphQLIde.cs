using MfaMonolith.Host.Security;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Pages;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// The admin GraphQL IDEs (ADR 0010): Banana Cake Pop at <c>/graphql/ui/</c>, GraphiQL at <c>/graphql/graphiql</c>.
/// Administrators only: anonymous callers are sent to sign in, everyone else gets a 403, and an administrator whose
/// session has not passed a second factor is told to enrol a token first (ADR 0015).
/// </summary>
internal static class GraphQLIde
{
    /// <summary>Where a browser opening <c>/graphql</c> is sent.</summary>
    public const string Path = BananaCakePopIde.Path;

    public static IEndpointRouteBuilder MapGraphQLIde(this IEndpointRouteBuilder endpoints)
    {
        // Every address of the IDEs is for administrators only; the pages also need the session's second factor.
        var ides = endpoints.MapGroup("").RequireAuthorization().RequireRateLimiting(Platform.RateLimiting.PagesPolicy)
            .AddEndpointFilter(async (invocation, next) => ForAnAdmin(invocation.HttpContext) ?? await next(invocation));

        ides.MapGet(GraphiQLPage.Path, (HttpContext context) => ForASecondFactor(context) ?? Page(context, Results.Content(GraphiQLPage.Html, "text/html; charset=utf-8"), GraphiQLPage.ContentSecurityPolicy));

        // The bundle's files are addressed relative to its page, so the page is the folder /graphql/ui/.
        // Routing does not tell /graphql/ui from /graphql/ui/, so the endpoint does.
        ides.MapGet(BananaCakePopIde.PathWithoutSlash, (HttpContext context, BananaCakePopIde ide) =>
            ForASecondFactor(context)
            ?? (context.Request.Path.Value!.EndsWith('/')
                ? Page(context, ide.Index(), BananaCakePopIde.ContentSecurityPolicy)
                : Results.Redirect(BananaCakePopIde.Path)));
        ides.MapGet(BananaCakePopIde.Path + "bcp-config.json", () => Results.Text(BananaCakePopIde.ConfigurationJson, "application/json"));
        ides.MapGet(BananaCakePopIde.Path + "service-worker.js", () => Results.Text(BananaCakePopIde.ServiceWorkerThatUnregistersItself, "text/javascript"));
        ides.MapGet(BananaCakePopIde.Path + "{**file}", (HttpContext context, string file, BananaCakePopIde ide) => ide.File(context, file));
        return endpoints;
    }

    private static IResult? ForAnAdmin(HttpContext context) =>
        context.User.IsInRole(UserClaims.AdminRole)
            ? null
            : Results.Text("Only administrators may use the GraphQL IDE.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);

    // Administrators act only with a session that passed a second factor: say so instead of an IDE whose every admin
    // query would fail (ADR 0015).
    private static IResult? ForASecondFactor(HttpContext context) =>
        context.User.HasClaim(c => c.Type == UserClaims.SecondFactorAt) ? null : PageResults.Page<AdminNeedsSecondFactorPage>();

    private static IResult Page(HttpContext context, IResult page, string contentSecurityPolicy)
    {
        SecurityHeaders.UseContentSecurityPolicyForThisResponse(context, contentSecurityPolicy);
        return page;
    }
}
