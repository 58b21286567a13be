using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Host.GraphQL;

internal static class GraphQLSetup
{
    /// <summary>Limits that keep one request from exhausting the server.</summary>
    public const int MaxDepth = 12;
    public const int MaxComplexity = 2_000;
    public const int MaxRequestBytes = 256 * 1024;

    public static IServiceCollection AddProductGraphQL(this IServiceCollection services)
    {
        services.AddSingleton<ParsedDocumentCache>();
        services.AddScoped<IGraphQLClient, InProcessGraphQLClient>();
        services.AddGraphTypesFrom(typeof(GraphQLSetup).Assembly);
        services.AddGraphTypesFrom(typeof(ISchemaContributor).Assembly);
        services.AddGraphQL(builder => builder
            .AddSchema<AppSchema>()
            .AddSystemTextJson()
            .AddErrorInfoProvider(options => options.ExposeExceptionDetails = false)
            .AddComplexityAnalyzer(options =>
            {
                options.MaxDepth = MaxDepth;
                options.MaxComplexity = MaxComplexity;
            })
            .UseMiddleware<AppErrorFieldMiddleware>()
            // Resolvers share the request's scoped DbContexts, which allow one operation at a time.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            // One cache for the executer and for the GET endpoint's mutation check.
            .ConfigureExecution(services => services.GetRequiredService<ParsedDocumentCache>())
            .ConfigureExecutionOptions(options =>
            {
                var logger = options.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("MfaMonolith.GraphQL");
                options.UnhandledExceptionDelegate = context =>
                {
                    logger?.LogError(context.OriginalException, "GraphQL resolver failed in field {Field}", context.FieldContext?.FieldDefinition.Name);
                    return Task.CompletedTask;
                };
            }));
        return services;
    }

    /// <summary>Builds the schema at start, so a broken schema stops the process instead of failing every request.</summary>
    public static void InitializeSchema(this IServiceProvider services) =>
        services.GetRequiredService<global::GraphQL.Types.ISchema>().Initialize();
}
