using System.Net;
using System.Text.Json;
using MfaMonolith.Host.GraphQL;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.GraphQL;

/// <summary>
/// The transport rules of <c>/graphql</c> (the GraphQL-over-HTTP specification), and the product rule that bad input
/// gets a clear error, changes nothing, and leaves the server serving.
/// </summary>
public sealed class GraphQLOverHttpTests : IDisposable
{
    private const string BeginEnrollment = "mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId } }";
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_query_posted_as_json_answers_200_with_data()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body("{ myTokens { id } }"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.MediaType().ShouldBe("application/json");
        var body = await response.ReadJsonAsync();
        body.ShouldHaveNoErrors();
        body.GetProperty("data").GetProperty("myTokens").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_client_accepting_graphql_response_json_gets_that_content_type()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body("{ myTokens { id } }"), accept: GraphQLHttp.GraphQLResponseJson);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.MediaType().ShouldBe(GraphQLHttp.GraphQLResponseJson);
        (await response.ReadJsonAsync()).GetProperty("data").GetProperty("myTokens").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_syntax_error_is_a_400_in_graphql_response_json_with_a_message_and_no_data()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(
            GraphQLHttp.Body("mutation { beginTokenEnrollment(description: \"Phone\") { tokenId "), accept: GraphQLHttp.GraphQLResponseJson);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.MediaType().ShouldBe(GraphQLHttp.GraphQLResponseJson);
        var body = await response.ReadJsonAsync();
        body.FirstErrorMessage().ShouldNotBeNullOrWhiteSpace();
        body.TryGetProperty("data", out _).ShouldBeFalse(body.ToString());
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_syntax_error_is_a_200_in_legacy_application_json_with_a_message_and_no_data()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(
            GraphQLHttp.Body("mutation { beginTokenEnrollment(description: \"Phone\") { tokenId "), accept: "application/json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.MediaType().ShouldBe("application/json");
        var body = await response.ReadJsonAsync();
        body.FirstErrorMessage().ShouldNotBeNullOrWhiteSpace();
        body.TryGetProperty("data", out _).ShouldBeFalse(body.ToString());
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task An_unknown_field_is_a_validation_error_naming_the_field()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(
            GraphQLHttp.Body("mutation { beginTokenEnrollment(description: \"Phone\") { tokenId favouriteColour } }"),
            accept: GraphQLHttp.GraphQLResponseJson);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadJsonAsync();
        body.FirstErrorMessage().ShouldContain("favouriteColour");
        body.TryGetProperty("data", out _).ShouldBeFalse(body.ToString());
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_variable_of_the_wrong_type_is_an_error()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(BeginEnrollment, new { d = 5 }));

        var body = await response.ReadJsonAsync();
        body.FirstErrorMessage().ShouldContain("$d");
        body.TryGetProperty("data", out _).ShouldBeFalse(body.ToString());
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_missing_required_variable_is_an_error()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(BeginEnrollment, new { }));

        var body = await response.ReadJsonAsync();
        body.FirstErrorMessage().ShouldContain("$d");
        body.TryGetProperty("data", out _).ShouldBeFalse(body.ToString());
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_query_nested_one_level_deeper_than_the_admins_limit_is_refused()
    {
        // Introspection, the only way this schema nests that deep, is for administrators only (ADR 0010).
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.Client.PostGraphQLAsync(GraphQLHttp.Body(IntrospectionOfDepth(GraphQLSetup.AdminMaxDepth + 1)), accept: GraphQLHttp.GraphQLResponseJson);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadJsonAsync();
        body.FirstErrorMessage().ShouldContain("depth", Case.Insensitive);
        body.TryGetProperty("data", out _).ShouldBeFalse();
        await NothingChangedAndStillServing(admin);
    }

    [Fact]
    public async Task An_introspection_nested_exactly_to_the_admins_limit_runs()
    {
        // Only administrators may introspect (ADR 0010), with their own, higher limits.
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        var response = await admin.Client.PostGraphQLAsync(GraphQLHttp.Body(IntrospectionOfDepth(GraphQLSetup.AdminMaxDepth)), accept: GraphQLHttp.GraphQLResponseJson);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        (await response.ReadJsonAsync()).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task A_deeply_nested_introspection_query_is_refused()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var deep = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 30)) + "name"
            + string.Concat(Enumerable.Repeat(" }", 30)) + " } } } } }";

        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(deep), accept: GraphQLHttp.GraphQLResponseJson);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadJsonAsync();
        body.FirstErrorMessage().ShouldNotBeNullOrWhiteSpace();
        body.TryGetProperty("data", out _).ShouldBeFalse();
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_mutation_sent_as_text_plain_is_refused_with_415_and_changes_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);

        // A cross-site form can send text/plain without a preflight: it must never run.
        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(BeginEnrollment, new { d = "Phone" }), contentType: "text/plain");

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await response.ReadJsonAsync()).FirstErrorMessage().ShouldContain("application/json");
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_batch_of_requests_in_a_json_array_is_refused_with_400()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var batch = "[" + GraphQLHttp.Body(BeginEnrollment, new { d = "Phone" }) + "," + GraphQLHttp.Body("{ myTokens { id } }") + "]";

        var response = await alice.Client.PostGraphQLAsync(batch);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).FirstErrorMessage().ShouldContain("batch", Case.Insensitive);
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_400()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync("{\"query\": \"mutation { beginTokenEnrollment(description: \\\"Phone\\\") { tokenId } }\"");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).FirstErrorMessage().ShouldNotBeNullOrWhiteSpace();
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_body_larger_than_256_KiB_is_refused_with_413()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var padded = "mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId } }" + new string(' ', 256 * 1024);

        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(padded, new { d = "Phone" }));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ReadJsonAsync()).FirstErrorMessage().ShouldContain("256 KiB");
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_query_sent_with_GET_answers_200_with_data()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.GetGraphQLAsync("{ myTokens { id } }");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).GetProperty("data").GetProperty("myTokens").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_mutation_sent_with_GET_is_refused_with_405_allowing_only_POST()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.GetGraphQLAsync(BeginEnrollment, variables: """{"d":"Phone"}""");

        response.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.ShouldBe(["POST"]);
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task GET_runs_the_query_that_operationName_selects_even_beside_a_mutation()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var document = "query Look { myTokens { id } } mutation Start { beginTokenEnrollment(description: \"Phone\") { tokenId } }";

        var response = await alice.Client.GetGraphQLAsync(document, operationName: "Look");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.ReadJsonAsync()).GetProperty("data").GetProperty("myTokens").GetArrayLength().ShouldBe(0);
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task A_client_that_accepts_only_html_is_refused_with_406_and_nothing_runs()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(BeginEnrollment, new { d = "Phone" }), accept: "text/html");

        response.StatusCode.ShouldBe(HttpStatusCode.NotAcceptable);
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task Variables_that_are_not_json_on_GET_are_refused_with_400()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.GetGraphQLAsync("query($n:Int){ myTokens { id } }", variables: "{not json");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadJsonAsync()).FirstErrorMessage().ShouldContain("variables");
        await NothingChangedAndStillServing(alice);
    }

    [Fact]
    public async Task OperationName_selects_which_of_two_operations_runs()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var document = "query Look { myPendingEnrollment { tokenId } } mutation Start { beginTokenEnrollment(description: \"Phone\") { tokenId } }";

        var looked = await (await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(document, operationName: "Look"))).ReadJsonAsync();

        looked.ShouldHaveNoErrors();
        var data = looked.GetProperty("data");
        data.GetProperty("myPendingEnrollment").ValueKind.ShouldBe(JsonValueKind.Null);
        data.TryGetProperty("beginTokenEnrollment", out _).ShouldBeFalse();
        (await alice.PendingEnrollmentIdAsync()).ShouldBeNull();

        var started = await (await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(document, operationName: "Start"))).ReadJsonAsync();

        started.ShouldHaveNoErrors();
        var startedId = started.GetProperty("data").GetProperty("beginTokenEnrollment").GetProperty("tokenId").GetString();
        (await alice.PendingEnrollmentIdAsync()).ShouldBe(startedId);
    }

    [Fact]
    public async Task Two_operations_without_an_operationName_is_an_error_and_runs_neither()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var document = "query Look { myPendingEnrollment { tokenId } } mutation Start { beginTokenEnrollment(description: \"Phone\") { tokenId } }";

        var response = await (await alice.Client.PostGraphQLAsync(GraphQLHttp.Body(document))).ReadJsonAsync();

        response.FirstErrorMessage().ShouldNotBeNullOrWhiteSpace();
        await NothingChangedAndStillServing(alice);
    }

    /// <summary>
    /// <c>{ __type(name: "Query") { fields { type { ofType { … { name } } } } } }</c>, <paramref name="depth"/> fields deep:
    /// one path without lists of lists, so only its depth, not its complexity, can be too much.
    /// </summary>
    private static string IntrospectionOfDepth(int depth)
    {
        var ofTypes = depth - 4; // __type, fields, type … name
        return "{ __type(name: \"Query\") { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", ofTypes)) + "name"
            + string.Concat(Enumerable.Repeat(" }", ofTypes)) + " } } } }";
    }

    /// <summary>No enrolment was started and no token exists; answering this is itself a following valid request.</summary>
    private static async Task NothingChangedAndStillServing(BrowserSession user)
    {
        (await user.PendingEnrollmentIdAsync()).ShouldBeNull();
        // An administrator has the one token it signed in with (SignInAsAdminAsync); nothing more.
        (await user.MyTokensAsync()).ShouldAllBe(t => t.Description == "Admin phone");
    }
}
