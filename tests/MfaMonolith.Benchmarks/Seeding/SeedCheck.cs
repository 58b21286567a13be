using System.Net.Http.Headers;
using System.Net.Http.Json;
using MfaMonolith.Benchmarks.Load;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>
/// Asks the seeded Host, through its own GraphQL endpoint, what the ProxyIdP will ask: a wrong column or an unreadable
/// secret must stop the benchmark here, not show as a fast error in every figure.
/// </summary>
internal static class SeedCheck
{
    public static async Task ExpectAsync(SeedingHost host, BenchTarget target, int userCount, CancellationToken ct)
    {
        using var client = host.CreateClient(new() { BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", target.ApiKey);
        // User 0 requires MFA everywhere; user 1 for category 0 only, which holds relying party 8 (BenchUsers.SettingOf).
        await ExpectAsync(client, BenchUsers.Id(0), BenchCatalogue.RelyingPartyId(5), "\"reason\":\"ENFORCED_ALL\",\"methods\":[\"TOTP\",\"BACKUP_CODE\"]", ct);
        await ExpectAsync(client, BenchUsers.Id(1), BenchCatalogue.RelyingPartyId(8), "\"reason\":\"ENFORCED_CATEGORY\"", ct);
        await ExpectAsync(client, BenchUsers.Id(userCount - 1), BenchCatalogue.UnknownRelyingPartyId(0), "\"satisfiable\":true", ct);
        await ExpectAsync(client, BenchUsers.WithoutTokenId(0), BenchCatalogue.RelyingPartyId(0), "\"reason\":\"NOT_ACTIVATED\"", ct);
    }

    private static async Task ExpectAsync(HttpClient client, string user, string relyingParty, string expected, CancellationToken ct)
    {
        using var response = await client.PostAsJsonAsync("/graphql", RequestBodies.Requirement(user, relyingParty, []), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode || !body.Contains(expected, StringComparison.Ordinal))
            throw new InvalidOperationException($"The seeded data do not answer as seeded: mfaRequirement({user}, {relyingParty}) gave {(int)response.StatusCode} {body}, expected {expected}.");
    }
}
