using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;

namespace MfaMonolith.Benchmarks.Reference;

/// <summary>
/// The least a GraphQL.NET 8 endpoint does: read the request with System.Text.Json, execute a cached document with its
/// variables (<c>query($n:String!){ hello(name:$n) }</c>), write the result. Every default validation rule still runs,
/// as it does for any DocumentExecuter.
/// </summary>
internal sealed class ReferenceGraphQL(IDocumentExecuter<ISchema> executer, IGraphQLSerializer serializer)
{
    public async Task ExecuteAsync(HttpContext context)
    {
        var request = await serializer.ReadAsync<GraphQLRequest>(context.Request.Body, context.RequestAborted);
        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = request?.Query;
            options.Variables = request?.Variables;
            options.RequestServices = context.RequestServices;
            options.CancellationToken = context.RequestAborted;
        });
        context.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }
}

internal sealed class HelloQuery : ObjectGraphType
{
    public HelloQuery()
    {
        Name = "Query";
        Field<StringGraphType>("hello")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Resolve(context => "Hello, " + context.GetArgument<string>("name"));
    }
}

internal sealed class HelloSchema : Schema
{
    public HelloSchema(IServiceProvider services, HelloQuery query)
        : base(services) => Query = query;
}

/// <summary>Parses each distinct query text once, as the Host's own document cache does.</summary>
internal sealed class DocumentCache : IConfigureExecution
{
    private readonly ConcurrentDictionary<string, GraphQLDocument> documents = new(StringComparer.Ordinal);

    public float SortOrder => 100;

    public Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is null && options.Query is { } query)
            options.Document = documents.GetOrAdd(query, text => Parser.Parse(text));
        return next(options);
    }
}

internal static class ReferenceGraphQLSetup
{
    public static IServiceCollection AddReferenceGraphQL(this IServiceCollection services)
    {
        services.AddSingleton<HelloQuery>();
        services.AddSingleton<ReferenceGraphQL>();
        services.AddGraphQL(builder => builder
            .AddSchema<HelloSchema>()
            .AddSystemTextJson()
            .ConfigureExecution<DocumentCache>());
        return services;
    }
}
