using System.Net;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.ApiClients;

/// <summary>Admins create, list and revoke API clients through GraphQL; keys are shown once and work for their scopes only.</summary>
public sealed class ApiClientManagementTests(ProxyIdpApp fixture) : IClassFixture<ProxyIdpApp>
{
    private const string Create = "mutation($n:String!,$s:[String!]!){ createApiClient(name:$n, scopes:$s){ name scopes key createdAt revokedAt fromConfiguration } }";
    private const string Revoke = "mutation($n:String!){ revokeApiClient(name:$n){ name revokedAt } }";
    private const string List = "{ apiClients { name scopes key createdAt revokedAt fromConfiguration } }";

    private static readonly string[] PolicyRead = ["policy:read"];

    private readonly MfaAppFactory app = fixture.App;

    private static string NewName() => "client-" + Guid.NewGuid().ToString("N")[..10];

    private async Task<BrowserSession> AdminAsync() => await BrowserSession.SignInAsAdminAsync(app);

    private static async Task<string> CreateAsync(BrowserSession admin, string name, params string[] scopes)
    {
        var response = await admin.GraphQLAsync(Create, new { n = name, s = scopes });
        response.ShouldHaveNoErrors();
        return response.GetProperty("data").GetProperty("createApiClient").Str("key")!;
    }

    [Fact]
    public async Task Creating_a_client_returns_its_key_once_and_the_list_never_shows_it()
    {
        var admin = await AdminAsync();
        var name = NewName();

        var response = await admin.GraphQLAsync(Create, new { n = name, s = PolicyRead });

        response.ShouldHaveNoErrors();
        var created = response.GetProperty("data").GetProperty("createApiClient");
        created.Str("name").ShouldBe(name);
        created.Str("key").ShouldNotBeNullOrWhiteSpace();
        created.Str("key")!.Length.ShouldBeGreaterThanOrEqualTo(32);
        created.GetProperty("fromConfiguration").GetBoolean().ShouldBeFalse();
        var listed = (await admin.GraphQLAsync(List)).GetProperty("data").GetProperty("apiClients").EnumerateArray().ToList();
        var mine = listed.Single(c => c.Str("name") == name);
        mine.Str("key").ShouldBeNull();
        mine.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["policy:read"]);
        mine.Str("revokedAt").ShouldBeNull();
        listed.ShouldAllBe(c => c.Str("key") == null);
        listed.ShouldContain(c => c.Str("name") == "test-proxy" && c.GetProperty("fromConfiguration").GetBoolean());
    }

    [Fact]
    public async Task A_created_key_works_for_its_scopes_only()
    {
        var admin = await AdminAsync();
        var key = await CreateAsync(admin, NewName(), "policy:read");
        var client = app.ApiClient(key);

        var (asked, askedBody) = await client.CallAsync(ProxyIdpApi.MfaRequirementQuery, new { u = "alice", rp = "rp", acr = Array.Empty<string>() });
        var (_, verifiedBody) = await client.CallAsync(ProxyIdpApi.VerifyMutation, new { @in = new { userId = "alice", code = "123456" } });

        asked.StatusCode.ShouldBe(HttpStatusCode.OK);
        askedBody.ShouldHaveNoErrors();
        verifiedBody.FirstErrorCode().ShouldBe("FORBIDDEN");
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once()
    {
        var admin = await AdminAsync();
        var name = NewName();
        var key = await CreateAsync(admin, name, "policy:read", "otp:verify");
        var client = app.ApiClient(key);
        (await client.CallAsync(ProxyIdpApi.MfaRequirementQuery, new { u = "alice", rp = "rp", acr = Array.Empty<string>() })).Body.ShouldHaveNoErrors();

        var revoked = await admin.GraphQLAsync(Revoke, new { n = name });

        revoked.ShouldHaveNoErrors();
        revoked.GetProperty("data").GetProperty("revokeApiClient").Str("revokedAt").ShouldNotBeNull();
        var (response, body) = await client.CallAsync(ProxyIdpApi.MfaRequirementQuery, new { u = "alice", rp = "rp", acr = Array.Empty<string>() });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        body.FirstErrorCode().ShouldBe("UNAUTHENTICATED");
        var listed = (await admin.GraphQLAsync(List)).GetProperty("data").GetProperty("apiClients").EnumerateArray().Single(c => c.Str("name") == name);
        listed.Str("revokedAt").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_configured_client_cannot_be_revoked_through_GraphQL_and_unknown_ones_are_NOT_FOUND()
    {
        var admin = await AdminAsync();

        (await admin.GraphQLAsync(Revoke, new { n = "test-proxy" })).FirstErrorCode().ShouldBe("CONFLICT");
        (await admin.GraphQLAsync(Revoke, new { n = NewName() })).FirstErrorCode().ShouldBe("NOT_FOUND");
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_gets_FORBIDDEN()
    {
        var (user, _) = await fixture.Shared.SignInAsNewUserAsync();

        (await user.GraphQLAsync(Create, new { n = NewName(), s = PolicyRead })).FirstErrorCode().ShouldBe("FORBIDDEN");
        (await user.GraphQLAsync(Revoke, new { n = "test-proxy" })).FirstErrorCode().ShouldBe("FORBIDDEN");
        (await user.GraphQLAsync(List)).FirstErrorCode().ShouldBe("FORBIDDEN");
    }

    [Fact]
    public async Task An_API_client_cannot_manage_API_clients()
    {
        var (_, body) = await app.ApiClient().CallAsync(Create, new { n = NewName(), s = PolicyRead });

        body.FirstErrorCode().ShouldBeOneOf("FORBIDDEN", "UNAUTHENTICATED");
    }

    [Theory]
    [InlineData("", "policy:read")]
    [InlineData("has space", "policy:read")]
    [InlineData("slash/name", "policy:read")]
    [InlineData("x{65}", "policy:read")]
    [InlineData("ok-name", "admin")]
    [InlineData("ok-name", "")]
    [InlineData("ok-name", null)]
    public async Task A_bad_name_or_an_unknown_scope_is_VALIDATION_FAILED(string name, string? scope)
    {
        var admin = await AdminAsync();
        if (name == "x{65}")
            name = new string('x', 65);
        else if (name == "ok-name")
            name = NewName();

        var response = await admin.GraphQLAsync(Create, new { n = name, s = scope is null ? Array.Empty<string>() : [scope] });

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED");
    }

    [Fact]
    public async Task A_duplicate_name_is_CONFLICT_also_against_configured_clients()
    {
        var admin = await AdminAsync();
        var name = NewName();
        await CreateAsync(admin, name, "otp:verify");

        (await admin.GraphQLAsync(Create, new { n = name, s = PolicyRead })).FirstErrorCode().ShouldBe("CONFLICT");
        (await admin.GraphQLAsync(Create, new { n = "test-proxy", s = PolicyRead })).FirstErrorCode().ShouldBe("CONFLICT");
    }
}
