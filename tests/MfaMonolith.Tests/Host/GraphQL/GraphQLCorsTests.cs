using System.Net;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.GraphQL;

/// <summary>GraphQL tools on another origin reach /graphql only from the origins an operator lists.</summary>
public sealed class GraphQLCorsTests : IDisposable
{
    private const string AllowedOrigin = "https://ide.example.org";

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_listed_origin_passes_the_preflight_with_credentials()
    {
        app.Settings["Mfa:Cors:AllowedOrigins:0"] = AllowedOrigin;

        var response = await PreflightAsync(AllowedOrigin);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(AllowedOrigin);
        response.Headers.GetValues("Access-Control-Allow-Credentials").Single().ShouldBe("true");
        response.Headers.GetValues("Access-Control-Allow-Headers").Single().ShouldContain("content-type", Case.Insensitive);
    }

    [Fact]
    public async Task A_query_from_a_listed_origin_is_answered_with_the_CORS_header()
    {
        app.Settings["Mfa:Cors:AllowedOrigins:0"] = AllowedOrigin;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("Origin", AllowedOrigin);

        var response = await client.PostGraphQLAsync(GraphQLHttp.Body("{ __typename }"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Access-Control-Allow-Origin").Single().ShouldBe(AllowedOrigin);
    }

    [Theory]
    [InlineData("https://evil.example.net")]
    [InlineData("http://ide.example.org")]
    public async Task Another_origin_gets_no_CORS_permission(string origin)
    {
        app.Settings["Mfa:Cors:AllowedOrigins:0"] = AllowedOrigin;

        var response = await PreflightAsync(origin);

        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task Without_configured_origins_there_are_no_CORS_headers()
    {
        var response = await PreflightAsync(AllowedOrigin);

        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Theory]
    [InlineData("*")]
    [InlineData("ide.example.org")]
    [InlineData("https://ide.example.org/graphql")]
    public void A_wildcard_or_a_non_origin_stops_the_start_with_a_clear_message(string origin)
    {
        app.Settings["Mfa:Cors:AllowedOrigins:0"] = origin;

        var failure = Should.Throw<InvalidOperationException>(() => app.CreateClient());

        failure.Message.ShouldContain($"Mfa:Cors:AllowedOrigins: '{origin}' is not an origin");
    }

    private Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, GraphQLHttp.Path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return app.CreateClient().SendAsync(request);
    }
}
