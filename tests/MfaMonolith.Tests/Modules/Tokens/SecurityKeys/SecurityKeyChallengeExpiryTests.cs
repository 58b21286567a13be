using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>An assertion's challenge lives five minutes: answered later it counts as used, not as a guess.</summary>
public sealed class SecurityKeyChallengeExpiryTests : IDisposable
{
    private readonly MfaAppFactory app = new MfaAppFactory().WithApiClients().WithSecurityKeyOrigin();

    public void Dispose() => app.Dispose();

    private async Task<(BrowserSession User, SoftwareAuthenticator Key)> AliceWithKeyAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var key = new SoftwareAuthenticator();
        await alice.RegisterKeyAsync(key);
        return (alice, key);
    }

    [Fact]
    public async Task A_ProxyIdP_challenge_answered_after_six_minutes_is_REPLAYED_and_no_failure()
    {
        var (_, key) = await AliceWithKeyAsync();
        using var proxy = app.ApiClient();
        var challenge = await proxy.BeginAssertionAsync("alice");
        var answer = key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        var late = await proxy.VerifyAssertionAsync("alice", challenge.Id, answer);

        late.Accepted().ShouldBeFalse();
        late.Str("failureReason").ShouldBe("REPLAYED");
        (await app.AuditAsync("alice", "VerificationRejected")).ShouldHaveSingleItem().Reason.ShouldBe("REPLAYED");
        // Not counted as a guess: a new challenge answered right is accepted.
        (await proxy.SignInWithKeyAsync("alice", key)).Accepted().ShouldBeTrue();
    }

    [Fact]
    public async Task A_ProxyIdP_challenge_answered_within_five_minutes_is_accepted()
    {
        var (_, key) = await AliceWithKeyAsync();
        using var proxy = app.ApiClient();
        var challenge = await proxy.BeginAssertionAsync("alice");
        var answer = key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin);
        app.Clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(50));

        (await proxy.VerifyAssertionAsync("alice", challenge.Id, answer)).Accepted().ShouldBeTrue();
    }

    [Fact]
    public async Task A_step_up_challenge_answered_after_six_minutes_is_REPLAYED()
    {
        var (alice, key) = await AliceWithKeyAsync();
        var challenge = await alice.BeginMyAssertionAsync();
        var answer = key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        (await alice.StepUpWithKeyAsync(challenge.Id, answer)).FirstErrorCode().ShouldBe("REPLAYED");
    }
}
