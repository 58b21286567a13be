using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>mfaRequirement as the ProxyIdP sees it while a user sets up and tears down their second factor.</summary>
public sealed class MfaRequirementOverHttpTests(ProxyIdpApp fixture) : IClassFixture<ProxyIdpApp>
{
    private const string Remove = "mutation($t:ID!){ removeToken(tokenId:$t){ removedTokenId mfaTurnedOff } }";
    private readonly HttpClient proxy = fixture.App.ApiClient(ProxyIdpApi.ReaderKey);

    [Fact]
    public async Task A_user_without_a_token_is_not_activated_unless_the_service_asks()
    {
        var (_, userId) = await fixture.Shared.SignInAsNewUserAsync();

        var plain = await proxy.MfaRequirementAsync(userId);
        var asked = await proxy.MfaRequirementAsync(userId, acr: ["https://refeds.org/profile/mfa"]);

        plain.GetProperty("required").GetBoolean().ShouldBeFalse();
        plain.GetProperty("satisfiable").GetBoolean().ShouldBeFalse();
        plain.Str("reason").ShouldBe("NOT_ACTIVATED");
        plain.Methods().ShouldBeEmpty();
        asked.GetProperty("required").GetBoolean().ShouldBeTrue();
        asked.GetProperty("satisfiable").GetBoolean().ShouldBeFalse();
        asked.Str("reason").ShouldBe("REQUESTED_BY_SERVICE");
        asked.Methods().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_requested_authn_context_may_be_left_out()
    {
        var (_, userId) = await fixture.Shared.SignInAsNewUserAsync();

        var (_, body) = await proxy.CallAsync("query($u:String!){ mfaRequirement(userId:$u, relyingParty:\"rp\"){ required reason } }", new { u = userId });

        body.ShouldHaveNoErrors();
        body.GetProperty("data").GetProperty("mfaRequirement").Str("reason").ShouldBe("NOT_ACTIVATED");
    }

    [Fact]
    public async Task The_first_token_enforces_all_then_backup_codes_join_the_methods_and_removing_the_token_deactivates()
    {
        var (user, userId) = await fixture.Shared.SignInAsNewUserAsync();
        var (tokenId, secret) = await user.EnrolTokenAsync();

        var withToken = await proxy.MfaRequirementAsync(userId, "https://any.example.org/shibboleth");
        withToken.GetProperty("required").GetBoolean().ShouldBeTrue();
        withToken.GetProperty("satisfiable").GetBoolean().ShouldBeTrue();
        withToken.Str("reason").ShouldBe("ENFORCED_ALL");
        withToken.Methods().ShouldBe(["TOTP"]);
        (await proxy.MfaRequirementAsync(userId, acr: ["http://schemas.microsoft.com/claims/multipleauthn"])).Str("reason").ShouldBe("REQUESTED_BY_SERVICE");

        var (setId, _) = await user.NewSetAsync();
        (await user.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        (await proxy.MfaRequirementAsync(userId)).Methods().ShouldBe(["TOTP", "BACKUP_CODE"]);

        (await user.GraphQLWithStepUpAsync(user.CodeNow(secret, 1), Remove, new { t = tokenId })).ShouldHaveNoErrors();
        var removed = await proxy.MfaRequirementAsync(userId);
        removed.GetProperty("required").GetBoolean().ShouldBeFalse();
        removed.GetProperty("satisfiable").GetBoolean().ShouldBeFalse();
        removed.Str("reason").ShouldBe("NOT_ACTIVATED");
        removed.Methods().ShouldBeEmpty();
    }
}
