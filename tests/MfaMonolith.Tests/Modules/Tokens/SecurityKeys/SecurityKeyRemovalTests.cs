using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>Removing and renaming keys, and the last TOTP app while keys remain.</summary>
public sealed class SecurityKeyRemovalTests(SecurityKeyApp fixture) : IClassFixture<SecurityKeyApp>
{
    private readonly HttpClient proxy = fixture.App.ApiClient();

    /// <summary>A user with an app, a key and an acknowledged set of backup codes; the session's step-up is fresh.</summary>
    private async Task<(BrowserSession User, string UserId, string Phone, string Key, SoftwareAuthenticator Authenticator, List<string> Codes)> UserAsync()
    {
        var (user, userId, authenticator, key) = await fixture.UserWithKeyAsync();
        var phone = (await user.MyTokensWithKindAsync()).Single(t => t.Kind == "TOTP").Id;
        var (setId, codes) = await user.NewSetAsync();
        (await user.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        return (user, userId, phone, key, authenticator, codes);
    }

    [Fact]
    public async Task Removing_the_last_app_while_a_key_remains_asks_for_confirmation_and_changes_nothing()
    {
        var (user, userId, phone, _, _, codes) = await UserAsync();

        var refused = await user.RemoveAsync(phone);
        var notConfirmed = await user.RemoveAsync(phone, confirmLastTotp: false);

        refused.FirstErrorCode().ShouldBe("CONFIRMATION_REQUIRED", refused.ToString());
        notConfirmed.FirstErrorCode().ShouldBe("CONFIRMATION_REQUIRED");
        (await user.MyTokensWithKindAsync()).Select(t => t.Kind).ShouldBe(["TOTP", "WEBAUTHN"]);
        (await proxy.MfaRequirementAsync(userId)).Methods().ShouldBe(["TOTP", "WEBAUTHN", "BACKUP_CODE"]);
        (await fixture.App.AuditAsync(userId, "TokenRemoved")).ShouldBeEmpty();
        codes.Count.ShouldBe(10);
    }

    [Fact]
    public async Task Confirmed_the_last_app_goes_and_MFA_stays_on_with_the_key_and_the_backup_codes()
    {
        var (user, userId, phone, _, authenticator, codes) = await UserAsync();

        var removed = await user.RemoveAsync(phone, confirmLastTotp: true);

        removed.ShouldHaveNoErrors();
        removed.GetProperty("data").GetProperty("removeToken").GetProperty("mfaTurnedOff").GetBoolean().ShouldBeFalse();
        (await user.MyTokensWithKindAsync()).Select(t => t.Kind).ShouldBe(["WEBAUTHN"]);
        var requirement = await proxy.MfaRequirementAsync(userId);
        requirement.GetProperty("required").GetBoolean().ShouldBeTrue();
        requirement.GetProperty("satisfiable").GetBoolean().ShouldBeTrue();
        requirement.Str("reason").ShouldBe("ENFORCED_ALL");
        requirement.Methods().ShouldBe(["WEBAUTHN", "BACKUP_CODE"]);
        (await proxy.SignInWithKeyAsync(userId, authenticator)).Accepted().ShouldBeTrue();
        var backup = await proxy.VerifyAsync(userId, codes[0]);
        backup.Accepted().ShouldBeTrue(backup.ToString());
        backup.GetProperty("remainingBackupCodes").GetInt32().ShouldBe(codes.Count - 1);
        var record = (await fixture.App.AuditAsync(userId, "TokenRemoved")).ShouldHaveSingleItem();
        record.Reason.ShouldBeNull();
        record.Detail.ShouldBe(phone);
    }

    [Fact]
    public async Task Removing_a_key_while_an_app_remains_needs_no_confirmation()
    {
        var (user, userId, _, key, _, _) = await UserAsync();

        var removed = await user.RemoveAsync(key);

        removed.ShouldHaveNoErrors();
        removed.GetProperty("data").GetProperty("removeToken").GetProperty("mfaTurnedOff").GetBoolean().ShouldBeFalse();
        (await proxy.MfaRequirementAsync(userId)).Methods().ShouldBe(["TOTP", "BACKUP_CODE"]);
        (await proxy.BeginAssertionRawAsync(userId)).FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR");
        var record = (await fixture.App.AuditAsync(userId, "TokenRemoved")).ShouldHaveSingleItem();
        record.Method.ShouldBe("WEBAUTHN");
        record.Detail.ShouldBe(key);
    }

    [Fact]
    public async Task Removing_then_the_last_key_turns_MFA_off_and_retires_the_backup_codes()
    {
        var (user, userId, phone, key, _, codes) = await UserAsync();
        (await user.RemoveAsync(phone, confirmLastTotp: true)).ShouldHaveNoErrors();

        var removed = await user.RemoveAsync(key);

        removed.ShouldHaveNoErrors();
        removed.GetProperty("data").GetProperty("removeToken").GetProperty("mfaTurnedOff").GetBoolean().ShouldBeTrue();
        (await user.MyTokensWithKindAsync()).ShouldBeEmpty();
        var requirement = await proxy.MfaRequirementAsync(userId);
        requirement.GetProperty("required").GetBoolean().ShouldBeFalse();
        requirement.GetProperty("satisfiable").GetBoolean().ShouldBeFalse();
        requirement.Str("reason").ShouldBe("NOT_ACTIVATED");
        requirement.Methods().ShouldBeEmpty();
        var last = (await fixture.App.AuditAsync(userId, "TokenRemoved")).Last();
        last.Reason.ShouldBe("LAST_TOKEN");
        last.Method.ShouldBe("WEBAUTHN");
        (await proxy.VerifyAsync(userId, codes[1])).Str("failureReason").ShouldBe("NO_ACTIVE_FACTOR");
    }

    [Fact]
    public async Task With_only_keys_left_no_further_key_can_be_added_until_an_app_is_back()
    {
        var (user, _, phone, _, _, _) = await UserAsync();
        (await user.RemoveAsync(phone, confirmLastTotp: true)).ShouldHaveNoErrors();

        (await user.GraphQLAsync(SecurityKeysApi.BeginRegistration, new { d = "Second key" })).FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR");
    }

    [Fact]
    public async Task A_key_is_renamed_like_a_token()
    {
        var (user, userId, _, key, _, _) = await UserAsync();

        var renamed = await user.GraphQLAsync("mutation($t:ID!,$d:String!){ renameToken(tokenId:$t, description:$d){ id description kind } }",
            new { t = key, d = "Keyring key" });

        renamed.ShouldHaveNoErrors();
        renamed.GetProperty("data").GetProperty("renameToken").GetProperty("kind").GetString().ShouldBe("WEBAUTHN");
        (await user.MyTokensWithKindAsync()).Single(t => t.Id == key).Description.ShouldBe("Keyring key");
        (await fixture.App.AuditAsync(userId, "TokenRenamed")).ShouldHaveSingleItem().Method.ShouldBe("WEBAUTHN");
    }

    [Fact]
    public async Task Another_users_key_is_neither_renamed_nor_removed()
    {
        var (_, _, _, key, _, _) = await UserAsync();
        var (mallory, _, _) = await fixture.UserWithTotpAsync();

        (await mallory.GraphQLAsync("mutation($t:ID!,$d:String!){ renameToken(tokenId:$t, description:$d){ id } }", new { t = key, d = "Mine" }))
            .FirstErrorCode().ShouldBe("NOT_FOUND");
        (await mallory.RemoveAsync(key)).FirstErrorCode().ShouldBe("NOT_FOUND");
    }
}
