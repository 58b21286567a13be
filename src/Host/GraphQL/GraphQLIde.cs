using MfaMonolith.Host.Security;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Pages;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// The admin GraphQL IDE (ADR 0010): GraphiQL, installed from npm by the build and served from <c>/lib</c>, at
/// <c>/graphql/ui</c>. Administrators only: anonymous callers are sent to sign in, everyone else gets a 403.
/// </summary>
internal static class GraphQLIde
{
    public const string Path = "/graphql/ui";

    /// <summary>
    /// The product's policy with two relaxations, for this page only (ADR 0010): GraphiQL's stylesheet embeds its fonts
    /// as <c>data:</c> URLs, and its dialogs (react-remove-scroll) add a <c>&lt;style&gt;</c> element without a way to
    /// give it a nonce from outside the bundle. Style attributes and scripts stay <c>'self'</c> only.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string Page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>GraphQL IDE — MFA administration</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml">
          <link rel="stylesheet" href="/lib/graphiql/graphiql.min.css">
          <link rel="stylesheet" href="/css/graphiql-page.css">
          <script src="/lib/react/react.production.min.js" defer></script>
          <script src="/lib/react-dom/react-dom.production.min.js" defer></script>
          <script src="/lib/graphiql/graphiql.min.js" defer></script>
          <script src="/js/graphiql-init.js" defer></script>
        </head>
        <body>
          <div id="graphiql" data-endpoint="/graphql">Loading the GraphQL IDE…</div>
        </body>
        </html>
        """;

    public static IEndpointRouteBuilder MapGraphQLIde(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            if (!context.User.IsInRole(UserClaims.AdminRole))
                return Results.Text("Only administrators may use the GraphQL IDE.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
            // Administrators act only with a session that passed a second factor: say so instead of an IDE whose
            // every admin query would fail (ADR 0015).
            if (!context.User.HasClaim(c => c.Type == UserClaims.SecondFactorAt))
                return PageResults.Page<AdminNeedsSecondFactorPage>();

            SecurityHeaders.UseContentSecurityPolicyForThisResponse(context, ContentSecurityPolicy);
            return Results.Content(Page, "text/html; charset=utf-8");
        }).RequireAuthorization().RequireRateLimiting(Platform.RateLimiting.PagesPolicy);
        return endpoints;
    }
}
