using System.Diagnostics;
using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using MfaMonolith.Host.ApiClients;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// GraphQL over HTTP (the GraphQL-over-HTTP specification): POST with JSON, GET for queries only, answers in
/// <c>application/graphql-response+json</c> or <c>application/json</c> as the client accepts, with the
/// specification's status codes. Small on purpose: GraphQL.Server is not available here (ADR 0002).
/// </summary>
internal static class GraphQLHttpEndpoint
{
    public const string Path = "/graphql";
    private const string GraphQLResponseJson = "application/graphql-response+json";
    private const string ApplicationJson = "application/json";

    public static IEndpointRouteBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // JSON bodies cannot be sent cross-site without a CORS preflight, which this server does not grant:
        // that, not an antiforgery token, protects the cookie-authenticated POST.
        endpoints.MapPost(Path, HandlePostAsync).DisableAntiforgery().RequireRateLimiting(Platform.RateLimiting.GraphQLPolicy);
        endpoints.MapGet(Path, HandleGetAsync).RequireRateLimiting(Platform.RateLimiting.GraphQLPolicy);
        // Routing's own 405 has an empty body; a client that sent PUT deserves to read why.
        endpoints.MapMethods(Path, [HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete], HandleOtherMethodAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task HandlePostAsync(HttpContext context, IGraphQLTextSerializer serializer, IDocumentExecuter<ISchema> executer, IGraphQLSerializer writer)
    {
        if (NegotiateResponseType(context.Request) is not { } responseType)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status406NotAcceptable, $"Accept {GraphQLResponseJson} or {ApplicationJson}.");
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(ApplicationJson, StringComparison.OrdinalIgnoreCase)
            || (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)))
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status415UnsupportedMediaType, "Send the request as application/json.", responseType);
            return;
        }

        var body = await ReadBoundedAsync(context.Request.Body, GraphQLSetup.MaxRequestBytes, context.RequestAborted);
        if (body is null)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request is larger than {GraphQLSetup.MaxRequestBytes / 1024} KiB.", responseType);
            return;
        }

        GraphQLRequest? request;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                await WriteRequestErrorAsync(context, StatusCodes.Status400BadRequest, "The body must be one JSON object: batched requests are not supported.", responseType);
                return;
            }

            request = serializer.Deserialize<GraphQLRequest>(System.Text.Encoding.UTF8.GetString(body));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status400BadRequest, "The body is not a valid GraphQL request: " + FirstLine(ex.Message), responseType);
            return;
        }

        await ExecuteAsync(context, request, responseType, executer, writer);
    }

    private static async Task HandleGetAsync(HttpContext context, IGraphQLTextSerializer serializer, IDocumentExecuter<ISchema> executer, IGraphQLSerializer writer, ParsedDocumentCache documents)
    {
        // A person opening /graphql in a browser (no query, HTML wanted) is sent to the IDE.
        if (!context.Request.Query.ContainsKey("query") && WantsHtml(context.Request))
        {
            context.Response.Redirect(GraphQLIde.Path);
            return;
        }

        if (NegotiateResponseType(context.Request) is not { } responseType)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status406NotAcceptable, $"Accept {GraphQLResponseJson} or {ApplicationJson}.");
            return;
        }

        // Kestrel limits the request line to 8 KiB, but the endpoint must not rely on the server in front of it.
        if (context.Request.QueryString.Value?.Length > GraphQLSetup.MaxRequestBytes)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status414UriTooLong, $"The query string is larger than {GraphQLSetup.MaxRequestBytes / 1024} KiB: send large queries with POST.", responseType);
            return;
        }

        var query = context.Request.Query;
        GraphQLRequest request;
        try
        {
            request = new GraphQLRequest
            {
                Query = query["query"],
                OperationName = string.IsNullOrEmpty(query["operationName"]) ? null : (string?)query["operationName"],
                Variables = string.IsNullOrEmpty(query["variables"]) ? null : serializer.Deserialize<Inputs>(query["variables"]!),
                Extensions = string.IsNullOrEmpty(query["extensions"]) ? null : serializer.Deserialize<Inputs>(query["extensions"]!),
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status400BadRequest, "The variables or extensions are not valid JSON: " + FirstLine(ex.Message), responseType);
            return;
        }

        if (request.Query is { } text && documents.GetOrParse(text) is { } document
            && SelectOperation(document, request.OperationName)?.Operation is OperationType.Mutation or OperationType.Subscription)
        {
            context.Response.Headers.Allow = "POST";
            await WriteRequestErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "Mutations must be sent with POST.", responseType);
            return;
        }

        await ExecuteAsync(context, request, responseType, executer, writer);
    }

    private static async Task HandleOtherMethodAsync(HttpContext context)
    {
        context.Response.Headers.Allow = "GET, POST";
        await WriteRequestErrorAsync(context, StatusCodes.Status405MethodNotAllowed, "Use GET or POST.", NegotiateResponseType(context.Request) ?? ApplicationJson);
    }

    private static async Task ExecuteAsync(HttpContext context, GraphQLRequest? request, string responseType, IDocumentExecuter<ISchema> executer, IGraphQLSerializer writer)
    {
        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            await WriteRequestErrorAsync(context, StatusCodes.Status400BadRequest, "The request has no query.", responseType);
            return;
        }

        // An API client (the ProxyIdP) authenticates with its key on every request; a wrong, unknown or revoked key is
        // a 401, never a silent fall-back to the browser session.
        var caller = context.User;
        if (!string.IsNullOrEmpty(context.Request.Headers.Authorization))
        {
            var apiKey = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            if (!apiKey.Succeeded)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteRequestErrorAsync(context, StatusCodes.Status401Unauthorized, apiKey.Failure?.Message ?? "The API key is not valid.", responseType, ErrorCodes.Unauthenticated);
                return;
            }

            caller = apiKey.Principal!;
        }

        var started = Stopwatch.GetTimestamp();
        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = request.Query;
            options.OperationName = request.OperationName;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.User = caller;
            options.RequestServices = context.RequestServices;
            options.CancellationToken = context.RequestAborted;
        });

        // graphql-response+json: a request that could not start executing (syntax, validation) is a 400.
        context.Response.StatusCode = responseType == GraphQLResponseJson && !result.Executed ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        // A caller with neither a session nor a key who asked for something that needs one: say so in HTTP too.
        if (caller.Identity?.IsAuthenticated != true && result.Errors?.Any(e => e.Code == ErrorCodes.Unauthenticated) == true)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
        context.Response.ContentType = responseType + "; charset=utf-8";
        await writer.WriteAsync(context.Response.Body, result, context.RequestAborted);
        context.RequestServices.GetRequiredService<MfaMetrics>().GraphQLRequest(TopLevelField(result), result.Executed && result.Errors is not { Count: > 0 }, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The metric's tag: a field of the schema (the request passed validation), so a closed set; never the client's operation name.</summary>
    private static string TopLevelField(ExecutionResult result)
    {
        if (!result.Executed || result.Operation is not { } operation)
            return "invalid";
        string? field = null;
        foreach (var selection in operation.SelectionSet.Selections)
        {
            if (selection is not GraphQLField { Name.StringValue: var name } || (field is not null && field != name))
                return "multiple";
            field = name;
        }

        return field ?? "none";
    }

    private static GraphQLOperationDefinition? SelectOperation(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
    }

    private static bool WantsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    /// <summary>The spec's negotiation: graphql-response+json preferred, application/json for legacy clients.</summary>
    private static string? NegotiateResponseType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
            return ApplicationJson;
        foreach (var candidate in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            if (candidate.Quality == 0)
                continue;
            var media = candidate.MediaType.Value ?? "";
            if (media.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
                return GraphQLResponseJson;
            if (media.Equals(ApplicationJson, StringComparison.OrdinalIgnoreCase))
                return ApplicationJson;
            // Until the specification's watershed, */* (what fetch sends by default) gets the legacy application/json.
            if (media is "*/*" or "application/*")
                return ApplicationJson;
        }

        return null;
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WriteRequestErrorAsync(HttpContext context, int status, string message, string contentType = ApplicationJson, string? code = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType + "; charset=utf-8";
        object error = code is null ? new { message } : new { message, extensions = new { code } };
        await JsonSerializer.SerializeAsync(context.Response.Body, new { errors = new[] { error } }, cancellationToken: context.RequestAborted);
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
