using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Runs the pages' operations through the same executer, schema, limits and authorization as <c>/graphql</c>,
/// as the user of the current request.
/// </summary>
internal sealed class InProcessGraphQLClient(
    IDocumentExecuter<ISchema> executer, IGraphQLTextSerializer serializer, IHttpContextAccessor httpContextAccessor) : IGraphQLClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<GraphQLResult<TData>> ExecuteAsync<TData>(string document, object? variables = null, CancellationToken cancellationToken = default)
        where TData : class
    {
        var httpContext = httpContextAccessor.HttpContext ?? throw new InvalidOperationException("The in-process GraphQL client needs an HTTP request.");
        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = document;
            options.Variables = variables is null ? null : serializer.Deserialize<Inputs>(JsonSerializer.Serialize(variables, Json));
            options.User = httpContext.User;
            options.RequestServices = httpContext.RequestServices;
            options.CancellationToken = cancellationToken;
        });

        using var response = JsonDocument.Parse(serializer.Serialize(result));
        var errors = new List<GraphQLError>();
        if (response.RootElement.TryGetProperty("errors", out var errorArray))
        {
            foreach (var error in errorArray.EnumerateArray())
            {
                var code = error.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var c) ? c.GetString() : null;
                errors.Add(new GraphQLError(error.GetProperty("message").GetString() ?? "Error", code));
            }
        }

        var data = response.RootElement.TryGetProperty("data", out var dataElement) && dataElement.ValueKind == JsonValueKind.Object
            ? dataElement.Deserialize<TData>(Json)
            : null;
        return new GraphQLResult<TData>(errors.Count == 0 ? data : null, errors);
    }
}
