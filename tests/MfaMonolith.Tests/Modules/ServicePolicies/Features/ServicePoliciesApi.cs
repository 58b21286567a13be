using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>The ServicePolicies operations as a signed-in user, an admin and the ProxyIdP (an API client) call them.</summary>
internal static class ServicePoliciesApi
{
    public const string DevApiKey = "dev-proxyidp-key-change-me";
    public const string RefedsMfa = "https://refeds.org/profile/mfa";

    // The Development seed (src/Host/appsettings.Development.json).
    public const string ResearchCloud = "https://sp.research-cloud.example.org/shibboleth";
    public const string CollabWiki = "https://wiki.collab.example.org/saml/metadata";
    public const string HpcPortal = "hpc-portal";
    public const string Erp = "https://erp.university.example.edu/sp";
    public const string Hr = "urn:mace:example.edu:hr";
    public const string Moodle = "moodle-client";
    public const string Exams = "https://exams.example.edu/shibboleth";

    /// <summary>Well-formed codes; a test picks one that no nearby step produces.</summary>
    public static readonly string[] WrongCodeCandidates = ["000000", "123456", "654321"];

    private const string SettingsFields = "mode includedCategories excludedRelyingParties status";
    private const string CatalogFields = "id label relyingParties { id label }";

    /// <summary>myServiceSettings, compared by value (lists in order) so tests can <c>ShouldBe</c> it.</summary>
    public sealed record Settings(string Mode, IReadOnlyList<string> IncludedCategories, IReadOnlyList<string> ExcludedRelyingParties, string Status)
    {
        public bool Equals(Settings? other) =>
            other is not null && Mode == other.Mode && Status == other.Status
            && IncludedCategories.SequenceEqual(other.IncludedCategories) && ExcludedRelyingParties.SequenceEqual(other.ExcludedRelyingParties);

        public override int GetHashCode() => HashCode.Combine(Mode, Status);

        public override string ToString() => $"{Mode} [{string.Join(", ", IncludedCategories)}] minus [{string.Join(", ", ExcludedRelyingParties)}] {Status}";
    }

    public static async Task<Settings> MyServiceSettingsAsync(this BrowserSession user)
    {
        var response = await user.GraphQLAsync($"{{ myServiceSettings {{ {SettingsFields} }} }}");
        response.ShouldHaveNoErrors();
        return ToSettings(response.GetProperty("data").GetProperty("myServiceSettings"));
    }

    /// <summary>Saves settings; with <paramref name="code"/>, verified for the session first (the step-up), as the page does.</summary>
    public static Task<JsonElement> SaveServiceSettingsAsync(this BrowserSession user, bool all, string[]? include, string[]? exclude, string? code) =>
        user.GraphQLWithStepUpAsync(code, $"mutation($i:SaveServiceSettingsInput!){{ saveServiceSettings(input:$i){{ {SettingsFields} }} }}",
            new { i = new { all, includeCategories = include, excludeRelyingParties = exclude } });

    public static Settings ToSettings(JsonElement s) => new(
        s.GetProperty("mode").GetString()!,
        [.. s.GetProperty("includedCategories").EnumerateArray().Select(e => e.GetString()!)],
        [.. s.GetProperty("excludedRelyingParties").EnumerateArray().Select(e => e.GetString()!)],
        s.GetProperty("status").GetString()!);

    /// <summary>The catalogue as (category id, label, [(service id, label)]).</summary>
    public static async Task<IReadOnlyList<(string Id, string Label, IReadOnlyList<(string Id, string Label)> Services)>> CatalogAsync(this BrowserSession user)
    {
        var response = await user.GraphQLAsync($"{{ serviceCatalog {{ {CatalogFields} }} }}");
        response.ShouldHaveNoErrors();
        return [.. response.GetProperty("data").GetProperty("serviceCatalog").EnumerateArray().Select(c => (
            c.GetProperty("id").GetString()!, c.GetProperty("label").GetString()!,
            (IReadOnlyList<(string, string)>)[.. c.GetProperty("relyingParties").EnumerateArray().Select(rp => (rp.GetProperty("id").GetString()!, rp.GetProperty("label").GetString()!))]))];
    }

    public static Task<JsonElement> SaveCategoryAsync(this BrowserSession admin, string id, string label) =>
        admin.GraphQLAsync($"mutation($id:String!,$l:String!){{ saveServiceCategory(id:$id, label:$l){{ {CatalogFields} }} }}", new { id, l = label });

    public static Task<JsonElement> DeleteCategoryAsync(this BrowserSession admin, string id) =>
        admin.GraphQLAsync($"mutation($id:String!){{ deleteServiceCategory(id:$id){{ {CatalogFields} }} }}", new { id });

    public static Task<JsonElement> SaveRelyingPartyAsync(this BrowserSession admin, string id, string label, string categoryId) =>
        admin.GraphQLAsync($"mutation($id:String!,$l:String!,$c:ID!){{ saveRelyingParty(id:$id, label:$l, categoryId:$c){{ {CatalogFields} }} }}",
            new { id, l = label, c = categoryId });

    public static Task<JsonElement> RemoveRelyingPartyAsync(this BrowserSession admin, string id) =>
        admin.GraphQLAsync($"mutation($id:String!){{ removeRelyingParty(id:$id){{ {CatalogFields} }} }}", new { id });

    /// <summary>A client as the ProxyIdP uses it: the Development API key as a bearer token, no cookies.</summary>
    public static HttpClient ProxyIdpClient(this MfaAppFactory app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevApiKey);
        return client;
    }

    public static async Task<JsonElement> GraphQLAsync(this HttpClient client, string query, object? variables = null)
    {
        var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Asks mfaRequirement as the ProxyIdP does; returns (required, reason).</summary>
    public static async Task<(bool Required, string Reason)> MfaRequirementAsync(this MfaAppFactory app, string userId, string relyingParty, params string[] acr)
    {
        using var client = app.ProxyIdpClient();
        var response = await client.GraphQLAsync("query($u:String!,$rp:String!,$acr:[String!]){ mfaRequirement(userId:$u, relyingParty:$rp, requestedAuthnContext:$acr){ required reason } }",
            new { u = userId, rp = relyingParty, acr });
        response.ShouldHaveNoErrors();
        var requirement = response.GetProperty("data").GetProperty("mfaRequirement");
        return (requirement.GetProperty("required").GetBoolean(), requirement.GetProperty("reason").GetString()!);
    }
}
