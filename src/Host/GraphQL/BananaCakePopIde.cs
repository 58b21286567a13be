using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Banana Cake Pop (ADR 0010), self-hosted: the npm package's files, which the build copies to <c>bananacakepop/</c>
/// beside the host (outside wwwroot, so that only administrators get them), served unchanged under <c>/graphql/ui/</c>.
/// The bundle fetches <c>bcp-config.json</c> beside its page; ours points it at <c>/graphql</c> with the admin's
/// session and turns its telemetry off. Nothing it needs comes from another host.
/// </summary>
internal sealed class BananaCakePopIde(IWebHostEnvironment environment)
{
    public const string Path = "/graphql/ui/";
    public const string PathWithoutSlash = "/graphql/ui";

    /// <summary>
    /// The product's policy with what the bundle needs, for its page only (ADR 0010):
    /// <list type="bullet">
    /// <item><c>worker-src 'self'</c>: its GraphQL engine, indexer and editor run in workers loaded from its own files;</item>
    /// <item><c>style-src 'self' 'unsafe-inline'</c>: its components (emotion) add <c>&lt;style&gt;</c> elements and style
    /// attributes computed at run time, with no way to give them a nonce from outside the bundle;</item>
    /// <item><c>font-src 'self' data:</c>, <c>img-src 'self' data:</c>: icons and fonts embedded as <c>data:</c> URLs;</item>
    /// <item><c>manifest-src 'self'</c>: its web-app manifest.</item>
    /// </list>
    /// Scripts stay <c>'self'</c> only (no eval, no inline script), and every request stays on this origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self' data:; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Where the IDE sends operations (this origin's <c>/graphql</c>, with the session cookie), and no telemetry. Without
    /// <c>gaTrackingId</c> it loads no analytics; nobody signs in to ChilliCream's cloud from here (ADR 0010).
    /// </summary>
    public const string ConfigurationJson =
        """{"title":"MFA administration","useBrowserUrlAsEndpoint":true,"endpoint":"/graphql","includeCookies":true,"useGet":false,"disableTelemetry":true}""";

    /// <summary>
    /// The bundle registers <c>./service-worker.js</c>. Its own would cache the IDE's page for offline use and keep
    /// showing it after the session ended or the admin role was taken away; this one removes itself at once.
    /// </summary>
    public const string ServiceWorkerThatUnregistersItself = """
        // MfaMonolith (ADR 0010): the admin IDE is never cached for offline use, so its service worker removes itself.
        self.addEventListener("install", () => self.skipWaiting());
        self.addEventListener("activate", (event) => event.waitUntil(self.registration.unregister()));
        """;

    private static readonly FileExtensionContentTypeProvider ContentTypes = WithWebManifest();

    private readonly Lazy<PhysicalFileProvider?> files = new(() =>
    {
        var root = System.IO.Path.Combine(environment.ContentRootPath, "bananacakepop");
        return Directory.Exists(root) ? new PhysicalFileProvider(root) : null;
    });

    private readonly Lazy<string?> indexHtml = new(() =>
    {
        var index = System.IO.Path.Combine(environment.ContentRootPath, "bananacakepop", "index.html");
        return System.IO.File.Exists(index) ? System.IO.File.ReadAllText(index) : null;
    });

    public IResult Index() =>
        indexHtml.Value is { } html
            ? Results.Content(html, "text/html; charset=utf-8")
            : Missing();

    public IResult File(HttpContext context, string path)
    {
        if (files.Value is not { } provider)
            return Missing();
        var file = provider.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null)
            return Results.NotFound();
        // The licence (LICENSE, *.LICENSE.txt) goes with the files, as the licence asks (ADR 0010).
        var contentType = ContentTypes.TryGetContentType(file.Name, out var known) ? known
            : file.Name == "LICENSE" ? "text/plain; charset=utf-8"
            : null;
        if (contentType is null)
            return Results.NotFound();
        // The bundle's scripts, styles and fonts carry a content hash in their names: they never change under that name.
        if (path.StartsWith("static/", StringComparison.Ordinal))
            context.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
        return Results.File(file.PhysicalPath, contentType);
    }

    private static IResult Missing() =>
        Results.Text("The Banana Cake Pop files are missing: build the host (it installs them from npm).", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);

    private static FileExtensionContentTypeProvider WithWebManifest()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        return provider;
    }
}
