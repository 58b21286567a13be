using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.Platform;

/// <summary>Per-client-IP limits on the sign-in and what browsers call; none on API clients (the ProxyIdP is one address).</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Browser_calls_to_graphql_are_limited_per_IP_but_API_clients_are_not()
    {
        app.Settings["Mfa:RateLimits:PagesPerMinute"] = "5";
        var browser = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
            statuses.Add((await browser.PostAsJsonAsync("/graphql", new { query = "{ __typename }" })).StatusCode);

        statuses.Take(5).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Skip(5).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);

        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-proxyidp-key-change-me");
        for (var i = 0; i < 20; i++)
            (await proxy.PostAsJsonAsync("/graphql", new { query = "{ __typename }" })).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("Bearer not-a-key-anyone-has")]
    [InlineData("Basic YWxpY2U6c2VjcmV0")]
    public async Task A_wrong_or_unknown_api_key_counts_against_the_IP_and_a_valid_key_stays_unlimited(string authorization)
    {
        app.Settings["Mfa:RateLimits:PagesPerMinute"] = "5";
        var guesser = app.CreateClient();
        guesser.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add((await guesser.PostAsJsonAsync("/graphql", new { query = "{ __typename }" })).StatusCode);

        statuses.Take(5).ShouldAllBe(s => s != HttpStatusCode.TooManyRequests, string.Join(", ", statuses));
        statuses.Skip(5).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests, string.Join(", ", statuses));
        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-proxyidp-key-change-me");
        (await proxy.PostAsJsonAsync("/graphql", new { query = "{ __typename }" })).StatusCode.ShouldBe(HttpStatusCode.OK, "from the same IP, after the guesses");
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_IP()
    {
        app.Settings["Mfa:RateLimits:SignInPerMinute"] = "3";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var session = new BrowserSession(app);
            statuses.Add((await session.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "wrong" })).StatusCode);
        }

        statuses.Take(3).ShouldAllBe(s => s == HttpStatusCode.OK);
        statuses.Skip(3).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
    }
}
