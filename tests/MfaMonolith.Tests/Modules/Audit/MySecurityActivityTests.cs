using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.Audit;

/// <summary>
/// "My security activity": a user reads their own security events — to spot misuse — and never another user's, and
/// never a code.
/// </summary>
public sealed class MySecurityActivityTests : IDisposable
{
    private const string Query = """
        query($first:Int,$after:String){
          mySecurityActivity(first:$first, after:$after){
            totalCount pageInfo { hasNextPage endCursor }
            nodes { occurredAt type userId actor relyingParty clientIp method reason }
          }
        }
        """;

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_user_sees_their_own_events_in_plain_words_with_service_and_address_and_never_a_code()
    {
        var alice = await BrowserSession.SignInWithTokenAsync(app, "alice");
        var wrong = alice.CodeNow(app.Secrets["alice"], 7);
        (await alice.StepUpAsync(wrong)).FirstErrorCode().ShouldNotBeNull();
        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-proxyidp-key-change-me");
        var right = alice.CodeNow(app.Secrets["alice"], app.NextStepOffset("alice"));
        (await proxy.PostAsJsonAsync("/graphql", new
        {
            query = "mutation($i:VerifySecondFactorInput!){ verifySecondFactor(input:$i){ accepted } }",
            variables = new { i = new { userId = "alice", code = right, relyingParty = "https://wiki.collab.example.org/saml/metadata" } },
        })).EnsureSuccessStatusCode();

        var html = await alice.GetPageAsync("/activity");

        html.ShouldContain("My security activity");
        html.ShouldContain("Signed in");
        html.ShouldContain("Token added");
        html.ShouldContain("Code rejected: wrong code");
        html.ShouldContain("Verification code accepted");
        html.ShouldContain("https://wiki.collab.example.org/saml/metadata");
        html.ShouldContain("the login service (ProxyIdP)");
        html.ShouldNotContain(wrong);
        html.ShouldNotContain(right);
        html.ShouldContain("href=\"/activity\"");
    }

    [Fact]
    public async Task Another_user_s_events_are_never_shown()
    {
        var bob = await BrowserSession.SignInWithTokenAsync(app, "bob");
        await bob.GraphQLAsync("mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId } }", new { d = "Bob's second phone" });
        var alice = await BrowserSession.SignInAsync(app);

        var page = await alice.GraphQLAsync(Query, new { first = 100 });

        var nodes = page.GetProperty("data").GetProperty("mySecurityActivity").GetProperty("nodes").EnumerateArray().ToList();
        nodes.ShouldNotBeEmpty();
        nodes.ShouldAllBe(n => n.GetProperty("userId").GetString() == "alice");
        // The page shows exactly alice's events (bob's would add rows): its table rows, less the header row.
        var html = await alice.GetPageAsync("/activity");
        (Regex.Count(html, "<tr>") - 1).ShouldBe(Math.Min(nodes.Count, 25));
    }

    [Fact]
    public async Task Pages_follow_the_cursor_and_a_foreign_cursor_starts_again_from_the_newest()
    {
        var alice = await BrowserSession.SignInWithTokenAsync(app, "alice");
        for (var i = 0; i < 3; i++)
            await alice.GraphQLAsync("mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId } }", new { d = $"Phone {i}" });

        var first = (await alice.GraphQLAsync(Query, new { first = 2 })).GetProperty("data").GetProperty("mySecurityActivity");
        first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeTrue();
        var second = (await alice.GraphQLAsync(Query, new { first = 2, after = first.GetProperty("pageInfo").GetProperty("endCursor").GetString() }))
            .GetProperty("data").GetProperty("mySecurityActivity");
        second.GetProperty("nodes").GetArrayLength().ShouldBe(2);
        second.GetProperty("nodes")[0].GetProperty("occurredAt").GetString().ShouldNotBeNull();

        var foreign = await alice.Client.GetAsync("/activity?after=bm90LWEtY3Vyc29y");
        foreign.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        foreign.Headers.Location!.OriginalString.ShouldBe("/activity");
    }

    [Fact]
    public async Task An_API_client_has_no_activity_of_its_own_to_read()
    {
        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dev-proxyidp-key-change-me");

        var response = await proxy.PostAsJsonAsync("/graphql", new { query = Query });

        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.FirstErrorCode().ShouldNotBeNull();
    }
}
