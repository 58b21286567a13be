using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>Registering a security key over GraphQL as a signed-in user, with a software authenticator as the browser and key.</summary>
public sealed class SecurityKeyRegistrationTests(SecurityKeyApp fixture) : IClassFixture<SecurityKeyApp>
{
    private MfaAppFactory App => fixture.App;

    [Fact]
    public async Task A_completed_registration_is_a_WEBAUTHN_token_in_my_tokens_beside_the_TOTP_app()
    {
        var (user, _, _) = await fixture.UserWithTotpAsync();
        var key = new SoftwareAuthenticator();
        var challenge = await user.BeginRegistrationAsync("Blue key");

        var completed = await user.CompleteRegistrationAsync(challenge.Id, key.Register(challenge.OptionsJson, SecurityKeysApi.Origin));

        completed.ShouldHaveNoErrors();
        var token = completed.GetProperty("data").GetProperty("completeSecurityKeyRegistration");
        token.GetProperty("kind").GetString().ShouldBe("WEBAUTHN");
        token.GetProperty("description").GetString().ShouldBe("Blue key");
        var tokens = await user.MyTokensWithKindAsync();
        tokens.Select(t => (t.Description, t.Kind)).ShouldBe([("Phone", "TOTP"), ("Blue key", "WEBAUTHN")]);
        tokens[1].Id.ShouldBe(token.GetProperty("id").GetString());
    }

    [Fact]
    public async Task The_registration_options_ask_for_no_attestation_and_preferred_user_verification_with_a_five_minute_challenge()
    {
        var (user, _, _) = await fixture.UserWithTotpAsync();

        var challenge = await user.BeginRegistrationAsync();

        using var options = System.Text.Json.JsonDocument.Parse(challenge.OptionsJson);
        var root = options.RootElement;
        root.GetProperty("rp").GetProperty("id").GetString().ShouldBe("localhost");
        root.GetProperty("attestation").GetString().ShouldBe("none");
        root.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString().ShouldBe("preferred");
        root.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString().ShouldBe("preferred");
        (challenge.ExpiresAt - App.Clock.GetUtcNow()).ShouldBe(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_user_without_a_verification_app_cannot_begin_a_registration()
    {
        var (user, userId) = await fixture.Shared.SignInAsNewUserAsync();

        var refused = await user.GraphQLAsync(SecurityKeysApi.BeginRegistration, new { d = "Blue key" });

        refused.FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.Ceremonies.CountAsync(c => c.UserId == userId)).ShouldBe(0));
    }

    [Fact]
    public async Task A_user_who_removed_their_only_verification_app_cannot_begin_a_registration_even_with_a_fresh_step_up()
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();
        var phone = (await user.MyTokensAsync()).Single().Id;
        (await user.RemoveAsync(phone)).ShouldHaveNoErrors();

        var refused = await user.GraphQLAsync(SecurityKeysApi.BeginRegistration, new { d = "Blue key" });

        refused.FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.Ceremonies.CountAsync(c => c.UserId == userId)).ShouldBe(0));
    }

    [Fact]
    public async Task A_registration_begun_before_the_only_verification_app_was_removed_cannot_be_completed()
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();
        var challenge = await user.BeginRegistrationAsync("Blue key");
        (await user.RemoveAsync((await user.MyTokensAsync()).Single().Id)).ShouldHaveNoErrors();

        var refused = await user.CompleteRegistrationAsync(challenge.Id, new SoftwareAuthenticator().Register(challenge.OptionsJson, SecurityKeysApi.Origin));

        refused.FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == userId)).ShouldBe(0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Key\u0000")]
    [InlineData("Key \u202Egnp.exe")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_bad_description_is_VALIDATION_FAILED_and_nothing_is_stored(string description)
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();

        var refused = await user.GraphQLAsync(SecurityKeysApi.BeginRegistration, new { d = description });

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
        await App.WithTokensDbAsync(async db =>
        {
            (await db.Ceremonies.CountAsync(c => c.UserId == userId)).ShouldBe(0);
            (await db.SecurityKeys.CountAsync(k => k.UserId == userId)).ShouldBe(0);
        });
    }

    [Fact]
    public async Task A_challenge_completes_once()
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();
        var key = new SoftwareAuthenticator();
        var challenge = await user.BeginRegistrationAsync();
        var answer = key.Register(challenge.OptionsJson, SecurityKeysApi.Origin);
        (await user.CompleteRegistrationAsync(challenge.Id, answer)).ShouldHaveNoErrors();

        var again = await user.CompleteRegistrationAsync(challenge.Id, answer);
        var otherKey = await user.CompleteRegistrationAsync(challenge.Id, new SoftwareAuthenticator().Register(challenge.OptionsJson, SecurityKeysApi.Origin));

        again.FirstErrorCode().ShouldBe("ENROLLMENT_EXPIRED", again.ToString());
        otherKey.FirstErrorCode().ShouldBe("ENROLLMENT_EXPIRED", otherKey.ToString());
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == userId)).ShouldBe(1));
    }

    [Fact]
    public async Task Another_users_challenge_cannot_be_completed()
    {
        var (alice, _, _) = await fixture.UserWithTotpAsync();
        var (mallory, malloryId, _) = await fixture.UserWithTotpAsync();
        var challenge = await alice.BeginRegistrationAsync();

        var refused = await mallory.CompleteRegistrationAsync(challenge.Id, new SoftwareAuthenticator().Register(challenge.OptionsJson, SecurityKeysApi.Origin));

        refused.FirstErrorCode().ShouldBe("NOT_FOUND", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == malloryId)).ShouldBe(0));
    }

    [Fact]
    public async Task An_answer_from_another_origin_is_refused_and_stores_nothing()
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();
        var challenge = await user.BeginRegistrationAsync();

        var refused = await user.CompleteRegistrationAsync(challenge.Id,
            new SoftwareAuthenticator().Register(challenge.OptionsJson, "https://login.example-phish.org"));

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
        (await user.MyTokensWithKindAsync()).ShouldAllBe(t => t.Kind == "TOTP");
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == userId)).ShouldBe(0));
    }

    [Fact]
    public async Task Garbage_instead_of_an_answer_is_refused()
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();
        var challenge = await user.BeginRegistrationAsync();

        var refused = await user.CompleteRegistrationAsync(challenge.Id, "{\"id\":\"not a credential\"}");

        refused.FirstErrorCode().ShouldBe("VALIDATION_FAILED", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == userId)).ShouldBe(0));
    }

    [Fact]
    public async Task The_options_exclude_the_users_keys_so_a_browser_will_not_register_the_same_key_twice()
    {
        var (user, _, key, _) = await fixture.UserWithKeyAsync();

        var challenge = await user.BeginRegistrationAsync("Blue key again");

        // The authenticator plays the browser's InvalidStateError: the options name the key it holds.
        Should.Throw<InvalidOperationException>(() => key.Register(challenge.OptionsJson, SecurityKeysApi.Origin));
    }

    [Fact]
    public async Task The_same_key_sent_again_despite_the_exclude_list_is_refused_and_stored_once()
    {
        var (user, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await user.BeginRegistrationAsync("Blue key again");

        var refused = await user.CompleteRegistrationAsync(challenge.Id, key.RegisterExisting(challenge.OptionsJson, SecurityKeysApi.Origin, key.Credentials.Single()));

        refused.FirstErrorCode().ShouldBe("CONFLICT", refused.ToString());
        (await user.MyTokensWithKindAsync()).Count(t => t.Kind == "WEBAUTHN").ShouldBe(1);
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == userId)).ShouldBe(1));
    }

    [Fact]
    public async Task A_key_registered_by_one_user_cannot_be_registered_by_another()
    {
        var (_, _, key, _) = await fixture.UserWithKeyAsync();
        var (mallory, malloryId, _) = await fixture.UserWithTotpAsync();
        var challenge = await mallory.BeginRegistrationAsync("Not my key");

        var refused = await mallory.CompleteRegistrationAsync(challenge.Id, key.RegisterExisting(challenge.OptionsJson, SecurityKeysApi.Origin, key.Credentials.Single()));

        refused.FirstErrorCode().ShouldBe("CONFLICT", refused.ToString());
        await App.WithTokensDbAsync(async db => (await db.SecurityKeys.CountAsync(k => k.UserId == malloryId)).ShouldBe(0));
    }

    [Fact]
    public async Task A_registration_is_recorded_as_ENROLMENT_CONFIRMED_with_method_WEBAUTHN()
    {
        var (user, userId, _, keyTokenId) = await fixture.UserWithKeyAsync();

        var confirmed = await App.AuditAsync(userId, "EnrolmentConfirmed");

        var record = confirmed.Where(r => r.Method == "WEBAUTHN").ShouldHaveSingleItem();
        record.Actor.ShouldBe("user:" + userId);
        record.Detail.ShouldBe(keyTokenId);
        confirmed.Count.ShouldBe(2, "the TOTP app's and the key's");
        (await user.MyTokensWithKindAsync()).Count.ShouldBe(2);
    }
}
