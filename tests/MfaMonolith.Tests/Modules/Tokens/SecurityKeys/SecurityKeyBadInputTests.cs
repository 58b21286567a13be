using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>
/// Input the security-key operations refuse before anything runs: a clear VALIDATION_FAILED, no challenge made or used,
/// no attempt counted; and the bounds on what one user (or a stolen session or API key) can pile up.
/// </summary>
public sealed class SecurityKeyBadInputTests(SecurityKeyApp fixture) : IClassFixture<SecurityKeyApp>
{
    private readonly HttpClient proxy = fixture.App.ApiClient();

    private MfaAppFactory App => fixture.App;

    [Theory]
    [InlineData("", SecurityKeysApi.RelyingParty)]
    [InlineData("x257", SecurityKeysApi.RelyingParty)]
    [InlineData("alice", "")]
    [InlineData("alice", "x1025")]
    public async Task Beginning_an_assertion_with_a_bad_user_id_or_relying_party_is_VALIDATION_FAILED_and_makes_no_challenge(string userId, string relyingParty)
    {
        var (_, owner, _, _) = await fixture.UserWithKeyAsync();
        userId = userId == "alice" ? owner : Expand(userId);

        var refused = await proxy.BeginAssertionRawAsync(userId, Expand(relyingParty));

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.Ceremonies.CountAsync(c => c.UserId == owner && c.RelyingParty != null)).ShouldBe(0));
    }

    [Fact]
    public async Task A_challenge_id_that_is_no_id_is_VALIDATION_FAILED_and_counts_no_attempt()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId);

        var refused = await proxy.VerifyAssertionRawAsync(userId, "not-an-id", key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin));

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
        (await App.AuditAsync(userId, "VerificationRejected")).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_answer_longer_than_16_KiB_is_VALIDATION_FAILED_and_leaves_the_challenge_usable()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId);

        var refused = await proxy.VerifyAssertionRawAsync(userId, challenge.Id, new string('x', 16 * 1024 + 1));

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
        (await App.AuditAsync(userId, "VerificationRejected")).ShouldBeEmpty();
        (await proxy.VerifyAssertionAsync(userId, challenge.Id, key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin))).Accepted().ShouldBeTrue();
    }

    [Fact]
    public async Task A_step_up_with_a_challenge_id_that_is_no_id_is_VALIDATION_FAILED()
    {
        var (user, _, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await user.BeginMyAssertionAsync();

        var refused = await user.StepUpWithKeyAsync("not-an-id", key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin));

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("x65537")]
    public async Task A_registration_answer_that_is_empty_or_longer_than_64_KiB_is_VALIDATION_FAILED_and_leaves_the_registration_open(string credential)
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();
        var challenge = await user.BeginRegistrationAsync();

        var refused = await user.CompleteRegistrationAsync(challenge.Id, Expand(credential));

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == userId)).ShouldBe(0));
        (await user.CompleteRegistrationAsync(challenge.Id, new SoftwareAuthenticator().Register(challenge.OptionsJson, SecurityKeysApi.Origin))).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task Completing_a_registration_with_a_challenge_id_that_is_no_id_is_VALIDATION_FAILED()
    {
        var (user, _, _) = await fixture.UserWithTotpAsync();
        var challenge = await user.BeginRegistrationAsync();

        var refused = await user.CompleteRegistrationAsync("not-an-id", new SoftwareAuthenticator().Register(challenge.OptionsJson, SecurityKeysApi.Origin));

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
    }

    [Fact]
    public async Task At_most_50_challenges_are_open_for_a_user_at_once()
    {
        var (_, userId, _, _) = await fixture.UserWithKeyAsync();
        for (var i = 0; i < 50; i++)
            await proxy.BeginAssertionAsync(userId);

        var refused = await proxy.BeginAssertionRawAsync(userId);

        refused.FirstErrorCode().ShouldBe("CONFLICT", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.Ceremonies.CountAsync(c => c.UserId == userId && c.RelyingParty != null)).ShouldBe(50));
    }

    [Fact]
    public async Task A_user_has_at_most_10_security_keys()
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();
        for (var i = 0; i < 10; i++)
            await user.RegisterKeyAsync(new SoftwareAuthenticator(), $"Key {i}");

        var refused = await user.GraphQLAsync(SecurityKeysApi.BeginRegistration, new { d = "Key 10" });

        refused.FirstErrorCode().ShouldBe("CONFLICT", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == userId)).ShouldBe(10));
    }

    /// <summary>"x257" is 257 x's: long values without long attribute lines.</summary>
    private static string Expand(string value) =>
        value.Length > 1 && value[0] == 'x' && int.TryParse(value.AsSpan(1), out var length) ? new string('x', length) : value;
}
