using System.Globalization;
using System.Text.Json;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>The help desk and security keys: the user view lists them with AAGUID and last use; a revoked key stops working.</summary>
public sealed class SecurityKeyAdminTests : IDisposable
{
    private const string Tokens = "tokens { id description state kind aaguid createdAt lastUsedAt endedAt }";

    private readonly MfaAppFactory app = new MfaAppFactory().WithApiClients().WithSecurityKeyOrigin();

    public void Dispose() => app.Dispose();

    private async Task<(SoftwareAuthenticator Key, string KeyId)> AliceWithKeyAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync("Phone");
        var key = new SoftwareAuthenticator();
        return (key, await alice.RegisterKeyAsync(key));
    }

    private static async Task<JsonElement> AdminUserAsync(BrowserSession admin)
    {
        var response = await admin.GraphQLAsync($"{{ adminUser(userId:\"alice\"){{ status {Tokens} }} }}");
        response.ShouldHaveNoErrors();
        return response.GetProperty("data").GetProperty("adminUser");
    }

    private static JsonElement Token(JsonElement user, string id) =>
        user.GetProperty("tokens").EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);

    [Fact]
    public async Task The_user_view_lists_a_key_with_kind_AAGUID_and_its_last_use()
    {
        var (key, keyId) = await AliceWithKeyAsync();
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var before = await AdminUserAsync(admin);
        using var proxy = app.ApiClient();
        (await proxy.SignInWithKeyAsync("alice", key)).Accepted().ShouldBeTrue();
        var usedAt = app.Clock.GetUtcNow();
        var after = await AdminUserAsync(admin);

        var listed = Token(before, keyId);
        listed.Str("kind").ShouldBe("WEBAUTHN");
        listed.Str("state").ShouldBe("ACTIVE");
        listed.Str("description").ShouldBe("Blue key");
        listed.Str("aaguid").ShouldBe(SoftwareAuthenticator.TestAaguid.ToString());
        listed.Str("lastUsedAt").ShouldBeNull();
        var app1 = before.GetProperty("tokens").EnumerateArray().Single(t => t.Str("kind") == "TOTP");
        app1.Str("aaguid").ShouldBeNull();
        DateTimeOffset.Parse(Token(after, keyId).Str("lastUsedAt")!, CultureInfo.InvariantCulture).ShouldBe(usedAt, TimeSpan.FromSeconds(1));
        before.Str("status").ShouldBe("ENFORCED_ALL");
    }

    [Fact]
    public async Task A_revoked_key_no_longer_verifies_and_its_removal_is_recorded_as_by_the_admin()
    {
        var (key, keyId) = await AliceWithKeyAsync();
        using var proxy = app.ApiClient();
        var begunBefore = await proxy.BeginAssertionAsync("alice");
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.GraphQLAsync($"mutation($t:ID!){{ revokeUserToken(userId:\"alice\", tokenId:$t, reason:\"Ticket 4712: key lost\"){{ status {Tokens} }} }}",
            new { t = keyId });

        response.ShouldHaveNoErrors();
        var user = response.GetProperty("data").GetProperty("revokeUserToken");
        Token(user, keyId).Str("state").ShouldBe("REMOVED");
        Token(user, keyId).Str("endedAt").ShouldNotBeNull();
        user.Str("status").ShouldBe("ENFORCED_ALL");
        var late = await proxy.VerifyAssertionAsync("alice", begunBefore.Id, key.Assert(begunBefore.OptionsJson, SecurityKeysApi.Origin));
        late.Accepted().ShouldBeFalse(late.ToString());
        (await proxy.BeginAssertionRawAsync("alice")).FirstErrorCode().ShouldBe("NO_ACTIVE_FACTOR");
        (await proxy.MfaRequirementAsync("alice")).Methods().ShouldBe(["TOTP"]);
        var removed = (await app.AuditAsync("alice", "TokenRemoved")).ShouldHaveSingleItem();
        removed.Actor.ShouldBe("admin:admin");
        removed.Method.ShouldBe("WEBAUTHN");
        removed.Detail.ShouldBe(keyId);
        removed.Reason.ShouldBe("Ticket 4712: key lost");
    }
}
