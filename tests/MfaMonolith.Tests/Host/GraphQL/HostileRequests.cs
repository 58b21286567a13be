using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.GraphQL;

/// <summary>Who sends a hostile request: the ProxyIdP with its API key, nobody, or a signed-in browser.</summary>
public enum Caller
{
    ApiClient,
    Anonymous,
    Browser,
}

/// <summary>One hostile request, the status it must get and a word its first error message must contain.</summary>
public sealed record HostileRequest(string Name, Caller Caller, Func<HttpRequestMessage> Build, HttpStatusCode Status, string Message);

/// <summary>
/// The hostile requests of the abuse test set: each is built fresh for every send, so a set can be sent many times.
/// Sizes stay just under the 256 KiB body limit where the point is what the server does with a body it accepts.
/// </summary>
internal static class HostileRequests
{
    private const string MfaRequirement = "query($u:String!,$rp:String!){ mfaRequirement(userId:$u, relyingParty:$rp){ required reason } }";

    public static IReadOnlyList<HostileRequest> All { get; } =
    [
        new("random bytes", Caller.ApiClient, () => Post(RandomBytes(4096)), HttpStatusCode.BadRequest, "not a valid GraphQL request"),
        new("syntax garbage", Caller.ApiClient, () => Post(GraphQLHttp.Body("}{ query query {{ (( @@ !! $ \"\"\"")), HttpStatusCode.BadRequest, "Error parsing query"),
        new("1 MB query", Caller.ApiClient, () => Post(GraphQLHttp.Body("{ __typename }" + new string(' ', 1024 * 1024))), HttpStatusCode.RequestEntityTooLarge, "256 KiB"),
        new("1 MB query over GET", Caller.ApiClient, () => Get("{ __typename }" + new string(' ', 1024 * 1024)), HttpStatusCode.RequestUriTooLong, "POST"),
        new("10,000 aliases", Caller.ApiClient, () => Post(GraphQLHttp.Body(Repeat("{ ", i => $"a{i}:__typename ", 10_000, "}"))), HttpStatusCode.BadRequest, "more than 1000 fields"),
        new("10,000 copies of one field", Caller.ApiClient, () => Post(GraphQLHttp.Body(Repeat("{ ", _ => "__typename ", 10_000, "}"))), HttpStatusCode.BadRequest, "more than 1000 fields"),
        new("depth 50", Caller.ApiClient, () => Post(GraphQLHttp.Body(Repeat("", _ => "{ a ", 50, "") + new string('}', 50))), HttpStatusCode.BadRequest, "nested"),
        new("nesting deeper than the parser allows", Caller.ApiClient, () => Post(GraphQLHttp.Body(Repeat("", _ => "{ a ", 5_000, "") + new string('}', 5_000))), HttpStatusCode.BadRequest, "nested too deeply"),
        new("900 unknown fields", Caller.ApiClient, () => Post(GraphQLHttp.Body(Repeat("{ ", i => $"a{i}:nope ", 900, "}"))), HttpStatusCode.BadRequest, "Cannot query field"),
        new("fragment cycle", Caller.ApiClient, () => Post(GraphQLHttp.Body("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")), HttpStatusCode.BadRequest, "within itself"),
        new("fragment spread bomb", Caller.ApiClient, () => Post(GraphQLHttp.Body(FragmentBomb(levels: 30, spreads: 10))), HttpStatusCode.BadRequest, "more than 1000 fields"),
        new("10,000 directives", Caller.ApiClient, () => Post(GraphQLHttp.Body(Repeat("{ __typename ", _ => "@include(if: true) ", 10_000, "}"))), HttpStatusCode.BadRequest, "at most 100 are allowed"),
        new("batch of 1,000 operations", Caller.ApiClient, () => Post("[" + string.Join(",", Enumerable.Repeat(GraphQLHttp.Body(MfaRequirement, new { u = "alice", rp = "rp" }), 1_000)) + "]"), HttpStatusCode.BadRequest, "batch"),
        new("introspection by an API client without schema:read", Caller.ApiClient, () => Post(GraphQLHttp.Body("{ __schema { types { name } } }")), HttpStatusCode.BadRequest, "Only administrators"),
        new("introspection by nobody", Caller.Anonymous, () => Post(GraphQLHttp.Body("{ __schema { types { name } } }")), HttpStatusCode.BadRequest, "Only administrators"),
        new("__type nested deep", Caller.ApiClient, () => Post(GraphQLHttp.Body(Repeat("{ __type(name: \"Query\") { fields { type { ", _ => "ofType { ", 20, "name" + new string('}', 24)))), HttpStatusCode.BadRequest, "Only administrators"),
        new("__schema nested deep by a browser", Caller.Browser, () => Post(GraphQLHttp.Body(Repeat("{ __schema { types { fields { type { ", _ => "ofType { ", 20, "name" + new string('}', 25)))), HttpStatusCode.BadRequest, "Only administrators"),
        new("text/plain", Caller.Browser, () => Post(GraphQLHttp.Body(MfaRequirement), "text/plain"), HttpStatusCode.UnsupportedMediaType, "application/json"),
        new("multipart/form-data", Caller.ApiClient, Multipart, HttpStatusCode.UnsupportedMediaType, "application/json"),
        new("form-urlencoded", Caller.Anonymous, () => Post("query=%7B__typename%7D", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "application/json"),
        new("application/json in latin1", Caller.ApiClient, () => Post(GraphQLHttp.Body("{ __typename }"), "application/json; charset=iso-8859-1"), HttpStatusCode.UnsupportedMediaType, "application/json"),
        new("PUT", Caller.ApiClient, () => Send(HttpMethod.Put, GraphQLHttp.Body("{ __typename }")), HttpStatusCode.MethodNotAllowed, "GET or POST"),
        new("DELETE", Caller.Anonymous, () => Send(HttpMethod.Delete, null), HttpStatusCode.MethodNotAllowed, "GET or POST"),
        new("variables with 200,000 entries", Caller.ApiClient, () => Post(Variables(Repeat("{", i => $"\"v{i}\":{i},", 200_000, "\"u\":\"alice\",\"rp\":\"rp\"}"))), HttpStatusCode.RequestEntityTooLarge, "256 KiB"),
        new("variables nested 10,000 deep", Caller.ApiClient, () => Post(Variables("{\"u\":" + Repeat("", _ => "{\"a\":", 10_000, "1") + new string('}', 10_000) + ",\"rp\":\"rp\"}")), HttpStatusCode.BadRequest, "depth"),
        new("a variable nested 60 deep", Caller.ApiClient, () => Post(Variables("{\"u\":" + Repeat("", _ => "[", 60, "1") + new string(']', 60) + ",\"rp\":\"rp\"}")), HttpStatusCode.BadRequest, "$u"),
        new("a variable of the wrong type", Caller.ApiClient, () => Post(Variables("{\"u\":42,\"rp\":{\"not\":\"a string\"}}")), HttpStatusCode.BadRequest, "$"),
        new("an operationName that does not exist", Caller.ApiClient, () => Post(GraphQLHttp.Body(MfaRequirement, new { u = "alice", rp = "rp" }, "Nonexistent")), HttpStatusCode.BadRequest, "Nonexistent"),
        new("a 100,000-character description", Caller.Browser, () => Post(GraphQLHttp.Body("mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId } }", new { d = new string('x', 100_000) })), HttpStatusCode.OK, "at most 64 characters"),
        new("a 100,000-character user id", Caller.ApiClient, () => Post(GraphQLHttp.Body(MfaRequirement, new { u = new string('u', 100_000), rp = "rp" })), HttpStatusCode.OK, "user"),
    ];

    public static HostileRequest Named(string name) => All.Single(r => r.Name == name);

    private static HttpRequestMessage Post(string body, string contentType = "application/json") =>
        Post(Encoding.UTF8.GetBytes(body), contentType);

    private static HttpRequestMessage Post(byte[] body, string contentType = "application/json")
    {
        var request = Send(HttpMethod.Post, null);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return request;
    }

    private static HttpRequestMessage Send(HttpMethod method, string? json)
    {
        var request = new HttpRequestMessage(method, GraphQLHttp.Path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        request.Headers.TryAddWithoutValidation("Accept", GraphQLHttp.GraphQLResponseJson);
        return request;
    }

    private static HttpRequestMessage Get(string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, GraphQLHttp.Path + "?query=" + Uri.EscapeDataString(query));
        request.Headers.TryAddWithoutValidation("Accept", GraphQLHttp.GraphQLResponseJson);
        return request;
    }

    private static HttpRequestMessage Multipart()
    {
        var request = Send(HttpMethod.Post, null);
        request.Content = new MultipartFormDataContent { { new StringContent(GraphQLHttp.Body("{ __typename }")), "operations" } };
        return request;
    }

    /// <summary>The mfaRequirement query with <paramref name="variablesJson"/> written as is.</summary>
    private static string Variables(string variablesJson) =>
        "{\"query\":" + System.Text.Json.JsonSerializer.Serialize(MfaRequirement) + ",\"variables\":" + variablesJson + "}";

    private static string Repeat(string prefix, Func<int, string> part, int count, string suffix)
    {
        var text = new StringBuilder(prefix);
        for (var i = 0; i < count; i++)
            text.Append(part(i));
        return text.Append(suffix).ToString();
    }

    /// <summary>F0 spreads F1 <paramref name="spreads"/> times, F1 spreads F2 as often, …: spreads^levels fields once expanded.</summary>
    private static string FragmentBomb(int levels, int spreads)
    {
        var text = new StringBuilder("{ ...F0 }");
        for (var level = 0; level < levels; level++)
            text.Append(" fragment F" + level + " on Query { ").Append(string.Concat(Enumerable.Repeat("...F" + (level + 1) + " ", spreads))).Append('}');
        return text.Append(" fragment F" + levels + " on Query { __typename }").ToString();
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(20261128).NextBytes(bytes);
        return bytes;
    }
}
