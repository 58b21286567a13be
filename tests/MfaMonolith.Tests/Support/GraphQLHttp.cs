using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace MfaMonolith.Tests.Support;

/// <summary>GraphQL requests as raw HTTP, for the transport's own rules: content types, methods, status codes.</summary>
public static class GraphQLHttp
{
    public const string Path = "/graphql";
    public const string GraphQLResponseJson = "application/graphql-response+json";

    /// <summary>A GraphQL request body, serialized the way clients send it.</summary>
    public static string Body(string query, object? variables = null, string? operationName = null) =>
        JsonSerializer.Serialize(new { query, variables, operationName });

    public static Task<HttpResponseMessage> PostGraphQLAsync(
        this HttpClient client, string body, string contentType = "application/json", string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> GetGraphQLAsync(
        this HttpClient client, string query, string? variables = null, string? operationName = null, string? accept = null)
    {
        var url = Path + "?query=" + Uri.EscapeDataString(query)
            + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(variables))
            + (operationName is null ? "" : "&operationName=" + Uri.EscapeDataString(operationName));
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string? MediaType(this HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType;
}
