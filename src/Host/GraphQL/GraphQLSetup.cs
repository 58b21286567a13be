using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;

namespace MfaMonolith.Host.GraphQL;

internal static class GraphQLSetup
{
    /// <summary>Limits that keep one request from exhausting the server.</summary>
    public const int MaxDepth = 12;
    public const int MaxComplexity = 2_000;
    public const int MaxRequestBytes = 256 * 1024;

    /// <summary>
    /// Administrators' limits, high enough for a full introspection (GraphiQL's query nests <c>ofType</c> deeper than
    /// <see cref="MaxDepth"/>). Only administrators may introspect at all (<see cref="AdminOnlyIntrospection"/>).
    /// </summary>
    public const int AdminMaxDepth = 20;
    public const int AdminMaxComplexity = 100_000;

    public static IServiceCollection AddProductGraphQL(this IServiceCollection services)
    {
        services.AddSingleton<ParsedDocumentCache>();
        services.AddScoped<IGraphQLClient, InProcessGraphQLClient>();
        services.AddGraphTypesFrom(typeof(GraphQLSetup).Assembly);
        services.AddGraphQL(builder => builder
            .AddSchema<AppSchema>()
            .AddSystemTextJson()
            .AddErrorInfoProvider(options => options.ExposeExceptionDetails = false)
            .AddComplexityAnalyzer(options =>
            {
                options.MaxDepth = MaxDepth;
                options.MaxComplexity = MaxComplexity;
                // Runs with the default limits' verdict; an administrator's operation gets the higher limits instead.
                options.ValidateComplexityDelegate = context =>
                {
                    if (context.Error is not null && context.ValidationContext.User?.IsInRole(UserClaims.AdminRole) == true
                        && context.TotalImpact <= AdminMaxComplexity && context.MaxDepth <= AdminMaxDepth)
                        context.Error = null;
                    return Task.CompletedTask;
                };
            })
            .AddValidationRule<AdminOnlyIntrospection>()
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
