using System.Text.Json;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.WebAuthn;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.Tokens.SecurityKeys;

/// <summary>The security-key operations as a signed-in user and as the ProxyIdP (an API client) call them over HTTP.</summary>
internal static class SecurityKeysApi
{
    /// <summary>The origin the software authenticator claims; the app is told to accept it (the rp id stays "localhost").</summary>
    public const string Origin = "http://localhost";

    public const string RelyingParty = "https://wiki.example.org";

    public const string BeginRegistration =
        "mutation($d:String!){ beginSecurityKeyRegistration(description:$d){ challengeId optionsJson expiresAt } }";

    public const string CompleteRegistration =
        "mutation($c:ID!,$k:String!){ completeSecurityKeyRegistration(challengeId:$c, credential:$k){ id description kind lastUsedAt } }";

    public const string BeginMyAssertion = "mutation { beginMySecurityKeyAssertion { challengeId optionsJson expiresAt } }";

    public const string StepUpWithKey =
        "mutation($c:ID!,$k:String!){ verifyStepUpWithSecurityKey(challengeId:$c, credential:$k){ verifiedAt validUntil method remainingBackupCodes } }";

    public const string BeginAssertion =
        "mutation($u:String!,$rp:String!){ beginSecurityKeyAssertion(userId:$u, relyingParty:$rp){ challengeId optionsJson expiresAt } }";

    public const string VerifyAssertion =
        "mutation($in:VerifySecurityKeyAssertionInput!){ verifySecurityKeyAssertion(input:$in){ accepted method authnContextClassRef remainingBackupCodes lockedUntil failureReason } }";

    public const string RemoveToken =
        "mutation($t:ID!,$c:Boolean){ removeToken(tokenId:$t, confirmLastTotp:$c){ removedTokenId mfaTurnedOff } }";

    public const string MyTokens = "{ myTokens { id description kind createdAt lastUsedAt } }";

    /// <summary>The app accepts the software authenticator's origin.</summary>
    public static MfaAppFactory WithSecurityKeyOrigin(this MfaAppFactory app)
    {
        app.Settings["Mfa:WebAuthn:Origins:0"] = Origin;
        return app;
    }

    public sealed record Challenge(string Id, string OptionsJson, DateTimeOffset ExpiresAt);

    public static Challenge ToChallenge(JsonElement challenge) => new(
        challenge.GetProperty("challengeId").GetString()!,
        challenge.GetProperty("optionsJson").GetString()!,
        DateTimeOffset.Parse(challenge.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<Challenge> BeginRegistrationAsync(this BrowserSession user, string description = "Blue key")
    {
        var response = await user.GraphQLAsync(BeginRegistration, new { d = description });
        response.ShouldHaveNoErrors();
        return ToChallenge(response.GetProperty("data").GetProperty("beginSecurityKeyRegistration"));
    }

    public static Task<JsonElement> CompleteRegistrationAsync(this BrowserSession user, string challengeId, string credential) =>
        user.GraphQLAsync(CompleteRegistration, new { c = challengeId, k = credential });

    /// <summary>Registers a new key of <paramref name="authenticator"/> for the user; returns the token's id.</summary>
    public static async Task<string> RegisterKeyAsync(this BrowserSession user, SoftwareAuthenticator authenticator, string description = "Blue key")
    {
        var challenge = await user.BeginRegistrationAsync(description);
        var completed = await user.CompleteRegistrationAsync(challenge.Id, authenticator.Register(challenge.OptionsJson, Origin));
        completed.ShouldHaveNoErrors();
        return completed.GetProperty("data").GetProperty("completeSecurityKeyRegistration").GetProperty("id").GetString()!;
    }

    public static async Task<Challenge> BeginMyAssertionAsync(this BrowserSession user)
    {
        var response = await user.GraphQLAsync(BeginMyAssertion);
        response.ShouldHaveNoErrors();
        return ToChallenge(response.GetProperty("data").GetProperty("beginMySecurityKeyAssertion"));
    }

    public static Task<JsonElement> StepUpWithKeyAsync(this BrowserSession user, string challengeId, string credential) =>
        user.GraphQLAsync(StepUpWithKey, new { c = challengeId, k = credential });

    public static async Task<IReadOnlyList<(string Id, string Description, string Kind)>> MyTokensWithKindAsync(this BrowserSession user)
    {
        var response = await user.GraphQLAsync(MyTokens);
        response.ShouldHaveNoErrors();
        return [.. response.GetProperty("data").GetProperty("myTokens").EnumerateArray()
            .Select(t => (t.GetProperty("id").GetString()!, t.GetProperty("description").GetString()!, t.GetProperty("kind").GetString()!))];
    }

    public static Task<JsonElement> RemoveAsync(this BrowserSession user, string tokenId, bool? confirmLastTotp = null) =>
        user.GraphQLAsync(RemoveToken, new { t = tokenId, c = confirmLastTotp });

    public static async Task<JsonElement> BeginAssertionRawAsync(this HttpClient proxy, string userId, string relyingParty = RelyingParty)
    {
        var (_, body) = await proxy.CallAsync(BeginAssertion, new { u = userId, rp = relyingParty });
        return body;
    }

    public static async Task<Challenge> BeginAssertionAsync(this HttpClient proxy, string userId, string relyingParty = RelyingParty)
    {
        var body = await proxy.BeginAssertionRawAsync(userId, relyingParty);
        body.ShouldHaveNoErrors();
        return ToChallenge(body.GetProperty("data").GetProperty("beginSecurityKeyAssertion"));
    }

    public static async Task<JsonElement> VerifyAssertionRawAsync(this HttpClient proxy, string userId, string challengeId, string credential, string relyingParty = RelyingParty)
    {
        var (_, body) = await proxy.CallAsync(VerifyAssertion, new { @in = new { userId, challengeId, credential, relyingParty } });
        return body;
    }

    public static async Task<JsonElement> VerifyAssertionAsync(this HttpClient proxy, string userId, string challengeId, string credential, string relyingParty = RelyingParty)
    {
        var body = await proxy.VerifyAssertionRawAsync(userId, challengeId, credential, relyingParty);
        body.ShouldHaveNoErrors();
        return body.GetProperty("data").GetProperty("verifySecurityKeyAssertion");
    }

    /// <summary>A whole ProxyIdP sign-in with the key: begin, the authenticator answers, verify.</summary>
    public static async Task<JsonElement> SignInWithKeyAsync(this HttpClient proxy, string userId, SoftwareAuthenticator authenticator, string relyingParty = RelyingParty)
    {
        var challenge = await proxy.BeginAssertionAsync(userId, relyingParty);
        return await proxy.VerifyAssertionAsync(userId, challenge.Id, authenticator.Assert(challenge.OptionsJson, Origin), relyingParty);
    }

    /// <summary>The user's audit records of one type ("EnrolmentConfirmed", "VerificationRejected", …), oldest first.</summary>
    public static async Task<List<AuditRecord>> AuditAsync(this MfaAppFactory app, string userId, string type)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records.AsNoTracking()
            .Where(r => r.UserId == userId && r.Type == type).OrderBy(r => r.Id).ToListAsync();
    }

    public static bool Accepted(this JsonElement verification) => verification.GetProperty("accepted").GetBoolean();
}

/// <summary>A <see cref="ProxyIdpApp"/> whose app accepts the software authenticator's origin; its clock never moves.</summary>
public sealed class SecurityKeyApp : IDisposable
{
    public SecurityKeyApp()
    {
        Shared.App.WithApiClients().WithSecurityKeyOrigin();
    }

    public SharedMfaApp Shared { get; } = new();

    public MfaAppFactory App => Shared.App;

    /// <summary>A new user with a TOTP token (the session's step-up is fresh: the first token's confirmation counts).</summary>
    public async Task<(BrowserSession User, string UserId, byte[] Secret)> UserWithTotpAsync()
    {
        var (user, userId) = await Shared.SignInAsNewUserAsync();
        var (_, secret) = await user.EnrolTokenAsync();
        return (user, userId, secret);
    }

    /// <summary>A new user with a TOTP token and one key of a new authenticator.</summary>
    public async Task<(BrowserSession User, string UserId, SoftwareAuthenticator Key, string KeyTokenId)> UserWithKeyAsync()
    {
        var (user, userId, _) = await UserWithTotpAsync();
        var key = new SoftwareAuthenticator();
        var tokenId = await user.RegisterKeyAsync(key);
        return (user, userId, key, tokenId);
    }

    public void Dispose() => Shared.Dispose();
}
