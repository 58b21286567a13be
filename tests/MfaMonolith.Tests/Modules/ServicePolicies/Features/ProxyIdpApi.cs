using System.Net.Http.Headers;
using System.Text.Json;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>The ProxyIdP's side of the contract: POST /graphql with a Bearer API key and variables.</summary>
internal static class ProxyIdpApi
{
    public const string ProxyKey = "test-proxyidp-key-0123456789";
    public const string ReaderKey = "test-reader-key-0123456789";
    public const string VerifierKey = "test-verifier-key-0123456789";

    public const string MfaRequirementQuery =
        "query($u:String!,$rp:String!,$acr:[String!]){ mfaRequirement(userId:$u, relyingParty:$rp, requestedAuthnContext:$acr){ required satisfiable reason methods } }";

    public const string VerifyMutation =
        "mutation($in:VerifySecondFactorInput!){ verifySecondFactor(input:$in){ accepted method authnContextClassRef remainingBackupCodes lockedUntil failureReason } }";

    /// <summary>Declares three configured clients (index 1+, beside Development's own): all scopes, policy:read only, otp:verify only.</summary>
    public static MfaAppFactory WithApiClients(this MfaAppFactory app)
    {
        app.Settings["Mfa:ApiClients:1:Name"] = "test-proxy";
        app.Settings["Mfa:ApiClients:1:Key"] = ProxyKey;
        app.Settings["Mfa:ApiClients:1:Scopes:0"] = "policy:read";
        app.Settings["Mfa:ApiClients:1:Scopes:1"] = "otp:verify";
        app.Settings["Mfa:ApiClients:2:Name"] = "test-reader";
        app.Settings["Mfa:ApiClients:2:Key"] = ReaderKey;
        app.Settings["Mfa:ApiClients:2:Scopes:0"] = "policy:read";
        app.Settings["Mfa:ApiClients:3:Name"] = "test-verifier";
        app.Settings["Mfa:ApiClients:3:Key"] = VerifierKey;
        app.Settings["Mfa:ApiClients:3:Scopes:0"] = "otp:verify";
        return app;
    }

    public static HttpClient ApiClient(this MfaAppFactory app, string? key = ProxyKey)
    {
        var client = app.CreateClient();
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Body)> CallAsync(this HttpClient client, string query, object variables)
    {
        var response = await client.PostGraphQLAsync(GraphQLHttp.Body(query, variables));
        return (response, await response.ReadJsonAsync());
    }

    public static async Task<JsonElement> MfaRequirementAsync(this HttpClient client, string userId, string relyingParty = "https://wiki.example.org", string[]? acr = null)
    {
        var (_, body) = await client.CallAsync(MfaRequirementQuery, new { u = userId, rp = relyingParty, acr = acr ?? [] });
        body.ShouldHaveNoErrors();
        return body.GetProperty("data").GetProperty("mfaRequirement");
    }

    public static async Task<JsonElement> VerifyAsync(this HttpClient client, string userId, string code, string? relyingParty = "https://wiki.example.org")
    {
        var (_, body) = await client.CallAsync(VerifyMutation, new { @in = new { userId, code, relyingParty } });
        body.ShouldHaveNoErrors();
        return body.GetProperty("data").GetProperty("verifySecondFactor");
    }

    /// <summary><paramref name="count"/> distinct well-formed codes, none of them one of <paramref name="near"/> (the codes of the steps around now).</summary>
    public static List<string> WrongCodes(int count, IEnumerable<string> near)
    {
        var taken = near.ToHashSet(StringComparer.Ordinal);
        // 104 729 is prime, so i * 104 729 mod 10^6 never repeats for i below 10^6.
        return [.. Enumerable.Range(1, count + taken.Count).Select(i => (i * 104_729 % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .Where(code => !taken.Contains(code)).Take(count)];
    }

    public static string[] Methods(this JsonElement requirement) =>
        [.. requirement.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!)];

    public static string? Str(this JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? null : element.GetProperty(property).GetString();

    public static DateTimeOffset? LockedUntil(this JsonElement verification) =>
        verification.Str("lockedUntil") is { } text ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
}
