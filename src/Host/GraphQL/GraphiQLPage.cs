namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// GraphiQL (ADR 0010), for administrators who prefer it to Banana Cake Pop: its UMD build, installed from npm by the
/// build and served from <c>/lib</c>, at <c>/graphql/graphiql</c>.
/// </summary>
internal static class GraphiQLPage
{
    public const string Path = "/graphql/graphiql";

    /// <summary>
    /// The product's policy with two relaxations, for this page only (ADR 0010): GraphiQL's stylesheet embeds its fonts
    /// as <c>data:</c> URLs, and its dialogs (react-remove-scroll) add a <c>&lt;style&gt;</c> element without a way to
    /// give it a nonce from outside the bundle. Style attributes and scripts stay <c>'self'</c> only.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string Html = """
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
}
