using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>Registration and time: the session's step-up, and the challenge's five minutes. Each test moves its own clock.</summary>
public sealed class SecurityKeyRegistrationTimingTests : IDisposable
{
    private static readonly TimeSpan PastMaxAge = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(31);

    private readonly MfaAppFactory app = new MfaAppFactory().WithApiClients().WithSecurityKeyOrigin();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Without_a_recent_second_factor_a_registration_is_STEP_UP_REQUIRED_and_begins_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        app.Clock.Advance(PastMaxAge);

        var refused = await alice.GraphQLAsync(SecurityKeysApi.BeginRegistration, new { d = "Blue key" });

        refused.FirstErrorCode().ShouldBe("STEP_UP_REQUIRED", refused.ToString());
        refused.ToString().ShouldNotContain("optionsJson");
        await app.WithTokensDbAsync(async db => (await db.Ceremonies.CountAsync()).ShouldBe(0));
        (await alice.StepUpAsync(alice.CodeNow(secret))).ShouldHaveNoErrors();
        (await alice.GraphQLAsync(SecurityKeysApi.BeginRegistration, new { d = "Blue key" })).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task A_challenge_completed_after_its_five_minutes_is_ENROLLMENT_EXPIRED_and_stores_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var challenge = await alice.BeginRegistrationAsync();
        var answer = new SoftwareAuthenticator().Register(challenge.OptionsJson, SecurityKeysApi.Origin);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        var refused = await alice.CompleteRegistrationAsync(challenge.Id, answer);

        refused.FirstErrorCode().ShouldBe("ENROLLMENT_EXPIRED", refused.ToString());
        await app.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync()).ShouldBe(0));
        (await alice.MyTokensWithKindAsync()).ShouldAllBe(t => t.Kind == "TOTP");
    }

    [Fact]
    public async Task A_challenge_completed_just_within_its_five_minutes_works()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var challenge = await alice.BeginRegistrationAsync();
        var answer = new SoftwareAuthenticator().Register(challenge.OptionsJson, SecurityKeysApi.Origin);
        app.Clock.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(50));

        (await alice.CompleteRegistrationAsync(challenge.Id, answer)).ShouldHaveNoErrors();
    }
}
