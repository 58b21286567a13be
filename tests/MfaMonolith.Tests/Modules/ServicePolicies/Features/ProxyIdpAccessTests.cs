using System.Net;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>Who may call the ProxyIdP's operations: API clients with the right scope, and nobody else.</summary>
public sealed class ProxyIdpAccessTests(ProxyIdpApp fixture) : IClassFixture<ProxyIdpApp>
{
    private readonly MfaAppFactory app = fixture.App;

    private static object RequirementVariables => new { u = "alice", rp = "https://wiki.example.org", acr = Array.Empty<string>() };

    private static object VerifyVariables => new { @in = new { userId = "alice", code = "123456", relyingParty = "https://wiki.example.org" } };

    [Fact]
    public async Task A_client_with_both_scopes_may_ask_and_verify()
    {
        var client = app.ApiClient();

        var (asked, askedBody) = await client.CallAsync(ProxyIdpApi.MfaRequirementQuery, RequirementVariables);
        var (verified, verifiedBody) = await client.CallAsync(ProxyIdpApi.VerifyMutation, VerifyVariables);

        asked.StatusCode.ShouldBe(HttpStatusCode.OK);
        askedBody.ShouldHaveNoErrors();
        verified.StatusCode.ShouldBe(HttpStatusCode.OK);
        verifiedBody.ShouldHaveNoErrors();
    }

    [Fact]
    public async Task A_client_without_policy_read_may_not_ask_for_the_requirement()
    {
        var (_, body) = await app.ApiClient(ProxyIdpApi.VerifierKey).CallAsync(ProxyIdpApi.MfaRequirementQuery, RequirementVariables);

        body.FirstErrorCode().ShouldBe("FORBIDDEN");
        body.FirstErrorMessage().ShouldContain("policy:read");
    }

    [Fact]
    public async Task A_client_without_otp_verify_may_not_verify_codes()
    {
        var (_, body) = await app.ApiClient(ProxyIdpApi.ReaderKey).CallAsync(ProxyIdpApi.VerifyMutation, VerifyVariables);

        body.FirstErrorCode().ShouldBe("FORBIDDEN");
        body.FirstErrorMessage().ShouldContain("otp:verify");
    }

    [Fact]
    public async Task A_call_without_a_key_or_a_session_is_a_401_with_an_error_and_no_data()
    {
        var anonymous = app.ApiClient(key: null);

        foreach (var (query, variables) in new[] { (ProxyIdpApi.MfaRequirementQuery, RequirementVariables), (ProxyIdpApi.VerifyMutation, VerifyVariables) })
        {
            var (response, body) = await anonymous.CallAsync(query, variables);
            ((int)response.StatusCode).ShouldBe(401, body.ToString());
            response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
            body.FirstErrorCode().ShouldBe("UNAUTHENTICATED");
            (!body.TryGetProperty("data", out var data) || data.ValueKind == System.Text.Json.JsonValueKind.Null).ShouldBeTrue(body.ToString());
        }
    }

    [Theory]
    [InlineData("Bearer not-a-key-of-anyone-at-all")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_wrong_key_is_a_401_with_a_GraphQL_error(string authorization)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var (response, body) = await client.CallAsync(ProxyIdpApi.MfaRequirementQuery, RequirementVariables);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
        body.FirstErrorCode().ShouldBe("UNAUTHENTICATED");
        body.FirstErrorMessage().ShouldNotBeNullOrWhiteSpace();
        body.TryGetProperty("data", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task A_signed_in_user_may_not_call_the_ProxyIdP_operations()
    {
        var (user, userId) = await fixture.Shared.SignInAsNewUserAsync();
        await user.EnrolTokenAsync();

        var asked = await user.GraphQLAsync(ProxyIdpApi.MfaRequirementQuery, new { u = userId, rp = "https://wiki.example.org", acr = Array.Empty<string>() });
        var verified = await user.GraphQLAsync(ProxyIdpApi.VerifyMutation, new { @in = new { userId, code = "123456" } });

        asked.FirstErrorCode().ShouldBe("FORBIDDEN");
        verified.FirstErrorCode().ShouldBe("FORBIDDEN");
    }

    [Fact]
    public async Task An_API_client_may_not_use_the_user_operations()
    {
        var (_, body) = await app.ApiClient().CallAsync("{ myTokens { id description } }", new { });

        body.FirstErrorCode().ShouldBe("FORBIDDEN");
    }
}
