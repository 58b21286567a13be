using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>A session's step-up with a security key: beginMySecurityKeyAssertion, then verifyStepUpWithSecurityKey.</summary>
public sealed class SecurityKeyStepUpTests : IDisposable
{
    private static readonly TimeSpan PastMaxAge = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31);

    private readonly MfaAppFactory app = new MfaAppFactory().WithApiClients().WithSecurityKeyOrigin();

    public void Dispose() => app.Dispose();

    /// <summary>Alice with her app ("Phone"), a second app ("Laptop") and a key; her step-up has aged.</summary>
    private async Task<(BrowserSession Alice, SoftwareAuthenticator Key, string Laptop)> AliceWithAgedStepUpAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync("Phone");
        var (laptop, _) = await alice.EnrolTokenAsync("Laptop");
        var key = new SoftwareAuthenticator();
        await alice.RegisterKeyAsync(key);
        app.Clock.Advance(PastMaxAge);
        (await alice.RemoveAsync(laptop)).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        return (alice, key, laptop);
    }

    [Fact]
    public async Task A_step_up_with_the_key_lets_a_sensitive_change_go_through()
    {
        var (alice, key, laptop) = await AliceWithAgedStepUpAsync();
        var challenge = await alice.BeginMyAssertionAsync();

        var stepUp = await alice.StepUpWithKeyAsync(challenge.Id, key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin));

        stepUp.ShouldHaveNoErrors();
        var view = stepUp.GetProperty("data").GetProperty("verifyStepUpWithSecurityKey");
        view.Str("method").ShouldBe("WEBAUTHN");
        view.Str("validUntil").ShouldNotBeNull();
        (await alice.RemoveAsync(laptop)).ShouldHaveNoErrors();
        (await alice.MyTokensWithKindAsync()).Select(t => t.Description).ShouldBe(["Phone", "Blue key"]);
        var accepted = (await app.AuditAsync("alice", "VerificationAccepted")).ShouldHaveSingleItem();
        accepted.Method.ShouldBe("WEBAUTHN");
        accepted.Actor.ShouldBe("user:alice");
        // As for a TOTP code, the detail names what the verification was for.
        accepted.Detail.ShouldBe("step-up");
    }

    [Theory]
    [InlineData("tampered", "INVALID_CODE")]
    [InlineData("other origin", "INVALID_CODE")]
    [InlineData("garbage", "INVALID_CODE")]
    public async Task A_wrong_answer_is_refused_and_the_change_still_needs_a_step_up(string answerKind, string code)
    {
        var (alice, key, laptop) = await AliceWithAgedStepUpAsync();
        var challenge = await alice.BeginMyAssertionAsync();
        var answer = answerKind switch
        {
            "tampered" => key.AssertWithTamperedSignature(challenge.OptionsJson, SecurityKeysApi.Origin),
            "other origin" => key.Assert(challenge.OptionsJson, "https://login.example-phish.org"),
            _ => "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\",\"response\":{}}",
        };

        var refused = await alice.StepUpWithKeyAsync(challenge.Id, answer);

        refused.FirstErrorCode().ShouldBe(code, refused.ToString());
        (await alice.RemoveAsync(laptop)).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        (await app.AuditAsync("alice", "VerificationRejected")).ShouldHaveSingleItem().Reason.ShouldBe("INVALID_CODE");
    }

    [Fact]
    public async Task The_same_step_up_answer_twice_is_REPLAYED()
    {
        var (alice, key, _) = await AliceWithAgedStepUpAsync();
        var challenge = await alice.BeginMyAssertionAsync();
        var answer = key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin);
        (await alice.StepUpWithKeyAsync(challenge.Id, answer)).ShouldHaveNoErrors();

        (await alice.StepUpWithKeyAsync(challenge.Id, answer)).FirstErrorCode().ShouldBe("REPLAYED");
    }

    [Fact]
    public async Task A_cloned_key_cannot_step_up()
    {
        var (alice, key, laptop) = await AliceWithAgedStepUpAsync();
        var first = await alice.BeginMyAssertionAsync();
        (await alice.StepUpWithKeyAsync(first.Id, key.Assert(first.OptionsJson, SecurityKeysApi.Origin))).ShouldHaveNoErrors();
        app.Clock.Advance(PastMaxAge);
        key.ResetCounter(key.Credentials.Single().Id, 0);
        var second = await alice.BeginMyAssertionAsync();

        var refused = await alice.StepUpWithKeyAsync(second.Id, key.Assert(second.OptionsJson, SecurityKeysApi.Origin));

        refused.FirstErrorCode().ShouldBe("INVALID_CODE", refused.ToString());
        (await alice.RemoveAsync(laptop)).FirstErrorCode().ShouldBe("STEP_UP_REQUIRED");
        (await app.AuditAsync("alice", "VerificationRejected")).ShouldHaveSingleItem().Reason.ShouldBe("CLONED_KEY");
    }

    [Fact]
    public async Task Without_a_key_beginMySecurityKeyAssertion_is_null()
    {
        var bob = await BrowserSession.SignInAsync(app, "bob");
        await bob.EnrolTokenAsync();

        var response = await bob.GraphQLAsync(SecurityKeysApi.BeginMyAssertion);

        response.ShouldHaveNoErrors();
        response.GetProperty("data").GetProperty("beginMySecurityKeyAssertion").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }
}
