using System.Net.Http.Headers;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.GraphQL;

/// <summary>
/// Issue 12: a cached document is validated once per kind of caller, not on every request. What validation refuses
/// must still be refused when the same document comes again from someone else or with other variables.
/// </summary>
public sealed class ValidatedDocumentsTests : IDisposable
{
    private const string ProxyIdpKey = "dev-proxyidp-key-change-me";
    private const string Requirement = "query Requirement($u:String!,$rp:String!){ mfaRequirement(userId:$u, relyingParty:$rp){ required reason } }";

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_document_an_admin_introspected_is_still_refused_to_a_user()
    {
        const string Introspection = "{ __schema { queryType { name } } }";
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        (await admin.GraphQLAsync(Introspection)).ShouldHaveNoErrors();
        (await admin.GraphQLAsync(Introspection)).ShouldHaveNoErrors();

        var alice = await BrowserSession.SignInAsync(app);
        (await alice.GraphQLAsync(Introspection)).FirstErrorMessage().ShouldContain("Only administrators may introspect");
        (await admin.GraphQLAsync(Introspection)).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task A_validated_document_with_wrong_variables_is_still_refused()
    {
        var proxy = app.CreateClient();
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ProxyIdpKey);

        var valid = await (await proxy.PostGraphQLAsync(GraphQLHttp.Body(Requirement, new { u = "nobody", rp = "https://sp.example.org" }))).ReadJsonAsync();
        valid.ShouldHaveNoErrors();
        var again = await (await proxy.PostGraphQLAsync(GraphQLHttp.Body(Requirement, new { u = "nobody", rp = "https://sp.example.org" }))).ReadJsonAsync();
        again.ShouldHaveNoErrors();

        var wrongType = await (await proxy.PostGraphQLAsync(GraphQLHttp.Body(Requirement, new { u = 5, rp = "https://sp.example.org" }))).ReadJsonAsync();
        wrongType.FirstErrorMessage().ShouldContain("$u");
        var missing = await (await proxy.PostGraphQLAsync(GraphQLHttp.Body(Requirement, new { rp = "https://sp.example.org" }))).ReadJsonAsync();
        missing.FirstErrorMessage().ShouldContain("No value provided for a non-null variable");
    }
}
