using System.Net;
using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.Security;

/// <summary>
/// Every page forbids inline script and style and being framed, and is written so that it needs neither:
/// the policy holds only if the pages keep to it.
/// </summary>
public sealed partial class SecurityHeadersTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Every_page_forbids_inline_script_and_framing_and_sniffing()
    {
        foreach (var (path, response, _) in await EveryPageAsync())
        {
            var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem(path);
            csp.ShouldNotContain("unsafe-inline", customMessage: path);
            csp.ShouldNotContain("unsafe-eval", customMessage: path);
            csp.ShouldContain("script-src 'self'", customMessage: path);
            csp.ShouldContain("style-src 'self'", customMessage: path);
            csp.ShouldContain("frame-ancestors 'none'", customMessage: path);
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"], path);
        }
    }

    [Fact]
    public async Task No_page_has_inline_script_or_style()
    {
        foreach (var (path, _, html) in await EveryPageAsync())
        {
            Html.Tags(html, "script").ShouldNotBeEmpty(path);
            Html.Tags(html, "script").ShouldAllBe(tag => tag.Contains(" src=\"/", StringComparison.Ordinal), path);
            ScriptWithContent().IsMatch(html).ShouldBeFalse(path);
            Html.Tags(html, "style").ShouldBeEmpty(path);
            StyleAttribute().IsMatch(html).ShouldBeFalse(path);
            EventHandlerAttribute().IsMatch(html).ShouldBeFalse(path);
        }
    }

    [Fact]
    public async Task The_GraphQL_endpoint_carries_the_headers_too()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body("{ myTokens { id } }"));

        response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem().ShouldContain("frame-ancestors 'none'");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task The_real_server_sends_no_Server_header()
    {
        // TestServer never sends a Server header; Kestrel does unless told not to.
        using var kestrel = new MfaAppFactory();
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        using var client = kestrel.CreateClient();

        var response = await client.GetAsync("/signin");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.Contains("Server").ShouldBeFalse();
        response.Headers.Contains("Content-Security-Policy").ShouldBeTrue();
    }

    /// <summary>Each page of the product as its user sees it: signed out, halfway signed in, enrolling, managing tokens.</summary>
    private async Task<List<(string Path, HttpResponseMessage Response, string Html)>> EveryPageAsync()
    {
        var pages = new List<(string, HttpResponseMessage, string)>();
        async Task Add(BrowserSession session, string path)
        {
            var response = await session.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            pages.Add((path, response, await response.Content.ReadAsStringAsync()));
        }

        var anonymous = new BrowserSession(app);
        await Add(anonymous, "/signin");

        var alice = await BrowserSession.SignInAsync(app);
        await Add(alice, "/tokens/new");
        await Add(alice, "/tokens/new/description");
        await alice.BeginEnrollmentAsync();
        await Add(alice, "/tokens/enrol");
        var (tokenId, _) = await alice.EnrolTokenAsync();
        await Add(alice, "/tokens");
        await Add(alice, $"/tokens/{tokenId}/rename");
        await Add(alice, $"/tokens/{tokenId}/remove");

        var halfway = new BrowserSession(app);
        await halfway.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password" });
        await Add(halfway, "/signin/second-factor");

        return pages;
    }

    [GeneratedRegex("<script\\b[^>]*>\\s*[^<\\s]", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptWithContent();

    [GeneratedRegex("<[a-z][^>]*\\sstyle\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex StyleAttribute();

    [GeneratedRegex("<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();
}
