using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>
/// The ProxyIdP's security-key sign-in over HTTP with an API key (scope otp:verify): beginSecurityKeyAssertion, the
/// software authenticator's answer, verifySecurityKeyAssertion — and what mfaRequirement says about keys.
/// </summary>
public sealed class SecurityKeyProxyIdpTests(SecurityKeyApp fixture) : IClassFixture<SecurityKeyApp>
{
    private const string RefedsMfa = "https://refeds.org/profile/mfa";

    private readonly HttpClient proxy = fixture.App.ApiClient();

    [Fact]
    public async Task A_user_with_a_key_an_app_and_backup_codes_can_present_all_three()
    {
        var (user, userId, _, _) = await fixture.UserWithKeyAsync();
        var (setId, _) = await user.NewSetAsync();
        (await user.AcknowledgeAsync(setId)).ShouldHaveNoErrors();

        var requirement = await proxy.MfaRequirementAsync(userId);

        requirement.GetProperty("required").GetBoolean().ShouldBeTrue();
        requirement.GetProperty("satisfiable").GetBoolean().ShouldBeTrue();
        requirement.Str("reason").ShouldBe("ENFORCED_ALL");
        requirement.Methods().ShouldBe(["TOTP", "WEBAUTHN", "BACKUP_CODE"]);
    }

    [Fact]
    public async Task A_user_with_only_a_verification_app_sees_what_they_saw_before_keys_existed()
    {
        var (user, userId, _) = await fixture.UserWithTotpAsync();
        (await proxy.MfaRequirementAsync(userId)).Methods().ShouldBe(["TOTP"]);
        var (setId, _) = await user.NewSetAsync();
        (await user.AcknowledgeAsync(setId)).ShouldHaveNoErrors();

        var requirement = await proxy.MfaRequirementAsync(userId);

        requirement.GetProperty("required").GetBoolean().ShouldBeTrue();
        requirement.GetProperty("satisfiable").GetBoolean().ShouldBeTrue();
        requirement.Str("reason").ShouldBe("ENFORCED_ALL");
        requirement.Methods().ShouldBe(["TOTP", "BACKUP_CODE"]);
    }

    [Fact]
    public async Task Beginning_an_assertion_for_a_user_without_a_key_is_NO_ACTIVE_FACTOR()
    {
        var (_, userId, _) = await fixture.UserWithTotpAsync();

        (await proxy.BeginAssertionRawAsync(userId)).FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR");
        (await proxy.BeginAssertionRawAsync("nobody-" + Guid.NewGuid())).FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR");
    }

    [Fact]
    public async Task The_assertion_options_name_the_users_key_and_prefer_user_verification()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();

        var challenge = await proxy.BeginAssertionAsync(userId);

        using var options = System.Text.Json.JsonDocument.Parse(challenge.OptionsJson);
        var allowed = options.RootElement.GetProperty("allowCredentials").EnumerateArray().ShouldHaveSingleItem();
        System.Buffers.Text.Base64Url.DecodeFromChars(allowed.GetProperty("id").GetString()).ShouldBe(key.Credentials.Single().Id);
        options.RootElement.GetProperty("userVerification").GetString().ShouldBe("preferred");
        (challenge.ExpiresAt - fixture.App.Clock.GetUtcNow()).ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task A_right_answer_is_accepted_as_REFEDS_MFA_with_method_WEBAUTHN()
    {
        var (user, userId, key, _) = await fixture.UserWithKeyAsync();
        var (setId, codes) = await user.NewSetAsync();
        (await user.AcknowledgeAsync(setId)).ShouldHaveNoErrors();

        var result = await proxy.SignInWithKeyAsync(userId, key);

        result.Accepted().ShouldBeTrue(result.ToString());
        result.Str("method").ShouldBe("WEBAUTHN");
        result.Str("authnContextClassRef").ShouldBe(RefedsMfa);
        result.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count);
        result.Str("failureReason").ShouldBeNull();
        result.Str("lockedUntil").ShouldBeNull();
        var accepted = (await fixture.App.AuditAsync(userId, "VerificationAccepted")).ShouldHaveSingleItem();
        accepted.Method.ShouldBe("WEBAUTHN");
        accepted.RelyingParty.ShouldBe(SecurityKeysApi.RelyingParty);
        accepted.Actor.ShouldBe("client:test-proxy");
    }

    [Fact]
    public async Task Each_sign_in_with_the_key_works_on_a_new_challenge()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();

        for (var i = 0; i < 3; i++)
            (await proxy.SignInWithKeyAsync(userId, key)).Accepted().ShouldBeTrue();
    }

    [Fact]
    public async Task The_same_challenge_answered_twice_is_REPLAYED_even_with_a_fresh_signature()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId);
        var answer = key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin);
        (await proxy.VerifyAssertionAsync(userId, challenge.Id, answer)).Accepted().ShouldBeTrue();

        var replayed = await proxy.VerifyAssertionAsync(userId, challenge.Id, answer);
        var freshSignature = await proxy.VerifyAssertionAsync(userId, challenge.Id, key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin));

        replayed.Accepted().ShouldBeFalse();
        replayed.Str("failureReason").ShouldBe("REPLAYED");
        replayed.Str("method").ShouldBeNull();
        replayed.Str("authnContextClassRef").ShouldBeNull();
        freshSignature.Accepted().ShouldBeFalse();
        freshSignature.Str("failureReason").ShouldBe("REPLAYED");
    }

    [Fact]
    public async Task A_cloned_key_whose_counter_went_back_is_CLONED_KEY_and_recorded_so()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        (await proxy.SignInWithKeyAsync(userId, key)).Accepted().ShouldBeTrue();
        (await proxy.SignInWithKeyAsync(userId, key)).Accepted().ShouldBeTrue();
        // The clone was copied when the counter stood at 0: its next answer reports 1, below the 2 accepted.
        key.ResetCounter(key.Credentials.Single().Id, 0);

        var cloned = await proxy.SignInWithKeyAsync(userId, key);

        cloned.Accepted().ShouldBeFalse();
        cloned.Str("failureReason").ShouldBe("CLONED_KEY");
        cloned.Str("method").ShouldBeNull();
        var rejected = (await fixture.App.AuditAsync(userId, "VerificationRejected")).ShouldHaveSingleItem();
        rejected.Reason.ShouldBe("CLONED_KEY");
        rejected.Method.ShouldBe("WEBAUTHN");
        rejected.RelyingParty.ShouldBe(SecurityKeysApi.RelyingParty);
    }

    [Fact]
    public async Task A_counter_that_stands_still_is_CLONED_KEY_too()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        (await proxy.SignInWithKeyAsync(userId, key)).Accepted().ShouldBeTrue();
        key.ResetCounter(key.Credentials.Single().Id, 0);

        (await proxy.SignInWithKeyAsync(userId, key)).Str("failureReason").ShouldBe("CLONED_KEY");
    }

    [Fact]
    public async Task A_tampered_signature_is_INVALID_CODE()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId);

        var result = await proxy.VerifyAssertionAsync(userId, challenge.Id, key.AssertWithTamperedSignature(challenge.OptionsJson, SecurityKeysApi.Origin));

        result.Accepted().ShouldBeFalse();
        result.Str("failureReason").ShouldBe("INVALID_CODE");
        (await fixture.App.AuditAsync(userId, "VerificationRejected")).ShouldHaveSingleItem().Reason.ShouldBe("INVALID_CODE");
    }

    [Fact]
    public async Task An_answer_from_another_origin_is_INVALID_CODE()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId);

        var result = await proxy.VerifyAssertionAsync(userId, challenge.Id, key.Assert(challenge.OptionsJson, "https://login.example-phish.org"));

        result.Accepted().ShouldBeFalse();
        result.Str("failureReason").ShouldBe("INVALID_CODE");
    }

    [Fact]
    public async Task An_answer_sent_for_another_relying_party_than_the_challenges_is_not_accepted()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId, "https://wiki.example.org");
        var answer = key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin);

        var elsewhere = await proxy.VerifyAssertionAsync(userId, challenge.Id, answer, "https://payroll.example.org");

        elsewhere.Accepted().ShouldBeFalse();
        elsewhere.Str("method").ShouldBeNull();
        elsewhere.Str("authnContextClassRef").ShouldBeNull();
    }

    [Fact]
    public async Task Another_users_challenge_and_answer_do_not_sign_a_user_in()
    {
        var (_, aliceId, aliceKey, _) = await fixture.UserWithKeyAsync();
        var (_, malloryId, _, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(aliceId);

        var result = await proxy.VerifyAssertionAsync(malloryId, challenge.Id, aliceKey.Assert(challenge.OptionsJson, SecurityKeysApi.Origin));

        result.Accepted().ShouldBeFalse();
    }

    [Fact]
    public async Task A_challenge_begun_by_the_users_session_cannot_be_finished_through_the_ProxyIdP_API()
    {
        var (user, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await user.BeginMyAssertionAsync();

        var result = await proxy.VerifyAssertionAsync(userId, challenge.Id, key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin));

        result.Accepted().ShouldBeFalse();
        result.Str("method").ShouldBeNull();
    }

    [Fact]
    public async Task A_challenge_begun_by_the_ProxyIdP_cannot_be_finished_as_the_sessions_step_up()
    {
        var (user, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId);
        var before = (await user.GraphQLAsync("{ myStepUp { verifiedAt } }")).GetProperty("data").GetProperty("myStepUp").Str("verifiedAt");

        var refused = await user.StepUpWithKeyAsync(challenge.Id, key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin));

        refused.FirstErrorCode().ShouldBe("INVALID_CODE", refused.ToString());
        (await user.GraphQLAsync("{ myStepUp { verifiedAt } }")).GetProperty("data").GetProperty("myStepUp").Str("verifiedAt").ShouldBe(before);
    }

    [Fact]
    public async Task Enough_bad_answers_lock_the_user_out_and_then_even_a_right_answer_is_refused()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        for (var i = 0; i < 10; i++)
        {
            var challenge = await proxy.BeginAssertionAsync(userId);
            var bad = await proxy.VerifyAssertionAsync(userId, challenge.Id, key.AssertWithTamperedSignature(challenge.OptionsJson, SecurityKeysApi.Origin));
            bad.Str("failureReason").ShouldBe("INVALID_CODE", $"attempt {i + 1}");
        }

        var right = await proxy.SignInWithKeyAsync(userId, key);

        right.Accepted().ShouldBeFalse();
        right.Str("failureReason").ShouldBe("LOCKED_OUT");
        right.LockedUntil().ShouldNotBeNull();
        (await proxy.MfaRequirementAsync(userId)).Methods().ShouldContain("WEBAUTHN");
        (await fixture.App.AuditAsync(userId, "LockedOut")).ShouldHaveSingleItem().Method.ShouldBe("WEBAUTHN");
    }

    [Fact]
    public async Task A_lock_out_from_wrong_codes_refuses_the_key_too()
    {
        var (user, userId, key, _) = await fixture.UserWithKeyAsync();
        for (var i = 0; i < 10; i++)
            (await proxy.VerifyAsync(userId, "zzzz-zzzz-zz")).Accepted().ShouldBeFalse();

        (await proxy.SignInWithKeyAsync(userId, key)).Str("failureReason").ShouldBe("LOCKED_OUT");
    }

    [Fact]
    public async Task The_same_right_answer_sent_eight_times_at_once_is_accepted_exactly_once()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId);
        var answer = key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin);
        var clients = Enumerable.Range(0, 8).Select(_ => fixture.App.ApiClient()).ToList();

        var results = await Task.WhenAll(clients.Select(c => c.VerifyAssertionAsync(userId, challenge.Id, answer)));

        results.Count(r => r.Accepted()).ShouldBe(1, string.Join("\n", results));
        results.Where(r => !r.Accepted()).ShouldAllBe(r => r.Str("failureReason") == "REPLAYED");
        (await fixture.App.AuditAsync(userId, "VerificationAccepted")).Count.ShouldBe(1);
        foreach (var client in clients)
            client.Dispose();
    }

    [Fact]
    public async Task Answers_of_one_key_to_eight_challenges_at_once_are_each_accepted_at_most_once()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenges = new List<SecurityKeysApi.Challenge>();
        for (var i = 0; i < 8; i++)
            challenges.Add(await proxy.BeginAssertionAsync(userId));
        var answers = challenges.Select(c => (c.Id, Answer: key.Assert(c.OptionsJson, SecurityKeysApi.Origin))).ToList();
        var clients = answers.Select(_ => fixture.App.ApiClient()).ToList();

        var results = await Task.WhenAll(answers.Select((a, i) => clients[i].VerifyAssertionAsync(userId, a.Id, a.Answer)));

        // Counters 1..8 arrive in any order: each that went past the highest accepted so far counts, none counts twice.
        results.Count(r => r.Accepted()).ShouldBeGreaterThanOrEqualTo(1);
        results.Where(r => !r.Accepted()).ShouldAllBe(r => r.Str("failureReason") == "CLONED_KEY");
        (await fixture.App.AuditAsync(userId, "VerificationAccepted")).Count.ShouldBe(results.Count(r => r.Accepted()));
        foreach (var client in clients)
            client.Dispose();
    }

    [Theory]
    [InlineData(ProxyIdpApi.ReaderKey, "FORBIDDEN")]
    [InlineData(null, "UNAUTHENTICATED")]
    public async Task A_client_without_otp_verify_may_neither_begin_nor_finish(string? apiKey, string code)
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        var challenge = await proxy.BeginAssertionAsync(userId);
        using var other = fixture.App.ApiClient(apiKey);

        (await other.BeginAssertionRawAsync(userId)).FirstErrorCode().ShouldBe(code);
        (await other.VerifyAssertionRawAsync(userId, challenge.Id, key.Assert(challenge.OptionsJson, SecurityKeysApi.Origin))).FirstErrorCode().ShouldBe(code);
        (await fixture.App.AuditAsync(userId, "VerificationAccepted")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_client_with_only_otp_verify_may_begin_and_finish()
    {
        var (_, userId, key, _) = await fixture.UserWithKeyAsync();
        using var verifier = fixture.App.ApiClient(ProxyIdpApi.VerifierKey);

        (await verifier.SignInWithKeyAsync(userId, key)).Accepted().ShouldBeTrue();
    }

    [Fact]
    public async Task A_signed_in_user_may_not_use_the_ProxyIdP_operations()
    {
        var (user, userId, _, _) = await fixture.UserWithKeyAsync();

        (await user.GraphQLAsync(SecurityKeysApi.BeginAssertion, new { u = userId, rp = SecurityKeysApi.RelyingParty })).FirstErrorCode().ShouldBe("FORBIDDEN");
    }
}
