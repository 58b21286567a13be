using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MfaMonolith.Host.GraphQL;
using MfaMonolith.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;

namespace MfaMonolith.Tests.Host.GraphQL;

/// <summary>
/// Issue 16 / ADR 0010: Banana Cake Pop's files, configuration and policy as the host serves them at /graphql/ui/.
/// The browser journey is <see cref="EndToEnd.BananaCakePopJourneyTests"/>.
/// </summary>
public sealed class BananaCakePopIdeTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_IDE_is_the_folder_graphql_ui_with_the_packages_own_page_under_a_policy_relaxed_for_it_alone()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var withoutSlash = await admin.Client.GetAsync("/graphql/ui");
        withoutSlash.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        withoutSlash.Headers.Location!.OriginalString.ShouldBe("/graphql/ui/");

        var page = await admin.Client.GetAsync("/graphql/ui/");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("src=\"static/js/main.");
        html.ShouldNotContain("://", customMessage: "nothing from another host");
        Regex.Matches(html, "<script(?![^>]*\\bsrc=)[^>]*>").ShouldBeEmpty("no inline script");
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        csp.ShouldBe("default-src 'self'; script-src 'self' 'unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                     "connect-src 'self'; font-src 'self' data:; manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        page.Headers.CacheControl!.NoStore.ShouldBeTrue();

        // Every file the page names is there, and nothing else is relaxed: the product's other pages keep their policy.
        foreach (Match script in Regex.Matches(html, "(?:src|href)=\"(static/[^\"]+)\""))
        {
            var asset = await admin.Client.GetAsync("/graphql/ui/" + script.Groups[1].Value);
            asset.StatusCode.ShouldBe(HttpStatusCode.OK, script.Groups[1].Value);
            var caching = asset.Headers.CacheControl!;
            (caching.Private, caching.MaxAge, caching.Extensions.Any(e => e.Name == "immutable")).ShouldBe((true, TimeSpan.FromDays(365), true), script.Groups[1].Value);
        }
        var tokens = await admin.Client.GetAsync("/tokens");
        string.Join(";", tokens.Headers.GetValues("Content-Security-Policy")).ShouldNotContain("unsafe");
    }

    [Fact]
    public async Task Its_configuration_points_it_at_graphql_with_the_session_and_turns_telemetry_off()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.Client.GetAsync("/graphql/ui/bcp-config.json");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        config.GetProperty("useBrowserUrlAsEndpoint").GetBoolean().ShouldBeTrue();
        config.GetProperty("endpoint").GetString().ShouldBe("/graphql");
        config.GetProperty("includeCookies").GetBoolean().ShouldBeTrue();
        config.GetProperty("disableTelemetry").GetBoolean().ShouldBeTrue();
        config.TryGetProperty("gaTrackingId", out _).ShouldBeFalse("no analytics");
    }

    [Fact]
    public async Task Its_service_worker_removes_itself_so_the_IDE_is_never_kept_for_offline_use()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.Client.GetAsync("/graphql/ui/service-worker.js");

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        var script = await response.Content.ReadAsStringAsync();
        script.ShouldContain("self.registration.unregister()");
        script.ShouldNotContain("fetch", customMessage: "it answers no request");
        script.ShouldNotContain("caches");
    }

    [Fact]
    public async Task The_licence_travels_with_the_files_and_nothing_outside_the_package_is_served()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        (await admin.Client.GetStringAsync("/graphql/ui/LICENSE")).ShouldContain("ChilliCream License 1.0");
        foreach (var path in new[] { "/graphql/ui/package.json", "/graphql/ui/index.mjs", "/graphql/ui/%2e%2e/appsettings.json", "/graphql/ui/..%2fappsettings.json", "/graphql/ui/static/js/nothing.js" })
            (await admin.Client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_gets_none_of_its_files()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        var script = Regex.Match(await admin.Client.GetStringAsync("/graphql/ui/"), "src=\"(static/js/main[^\"]+)\"").Groups[1].Value;

        foreach (var path in new[] { "/graphql/ui/", "/graphql/ui/bcp-config.json", "/graphql/ui/service-worker.js", "/graphql/ui/LICENSE", "/graphql/ui/" + script })
            (await alice.Client.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
    }

    [Fact]
    public async Task A_host_built_without_the_IDE_files_says_so_instead_of_serving_a_broken_page()
    {
        var ide = new BananaCakePopIde(new ContentRootOnly(Directory.CreateTempSubdirectory("mfa-no-ide-").FullName));
        var context = new DefaultHttpContext { RequestServices = app.Services };
        context.Response.Body = new MemoryStream();

        await ide.Index().ExecuteAsync(context);
        context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        await ide.File(context, "static/js/main.js").ExecuteAsync(context);
        context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        context.Response.Body.Position = 0;
        (await new StreamReader(context.Response.Body).ReadToEndAsync()).ShouldContain("The Banana Cake Pop files are missing");
    }

    private sealed class ContentRootOnly(string contentRoot) : IWebHostEnvironment
    {
        public string ContentRootPath { get; set; } = contentRoot;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string WebRootPath { get; set; } = contentRoot;
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ApplicationName { get; set; } = "MfaMonolith.Host";
        public string EnvironmentName { get; set; } = "Production";
    }
}
