using GraphQL;
using GraphQL.Execution;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Errors.Custom;
using GraphQLParser.AST;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Host.GraphQL;

internal static class GraphQLSetup
{
    /// <summary>Limits that keep one request from exhausting the server.</summary>
    public const int MaxDepth = 12;
    public const int MaxComplexity = 2_000;
    public const int MaxRequestBytes = 256 * 1024;

    /// <summary>
    /// The depth limit of those who may introspect (administrators, API clients with <c>schema:read</c>): enough for a
    /// full introspection (GraphiQL's query nests 15 deep). Nobody else may introspect (<see cref="AdminOnlyIntrospection"/>).
    /// </summary>
    public const int AdminMaxDepth = 20;

    public static IServiceCollection AddProductGraphQL(this IServiceCollection services)
    {
        services.AddSingleton<ParsedDocumentCache>();
        services.AddSingleton<BananaCakePopIde>();
        services.AddScoped<IGraphQLClient, InProcessGraphQLClient>();
        services.AddGraphTypesFrom(typeof(GraphQLSetup).Assembly);
        services.AddGraphTypesFrom(typeof(ISchemaContributor).Assembly);
        services.AddGraphQL(builder => builder
            .AddSchema<AppSchema>()
            .AddSystemTextJson()
            .AddErrorInfoProvider(options => options.ExposeExceptionDetails = false)
            .AddComplexityAnalyzer(options =>
            {
                // The analyzer's depth limit is the administrators'; everyone else's lower one is applied by the
                // delegate, which runs for every operation within the analyzer's limits.
                options.MaxDepth = AdminMaxDepth;
                options.MaxComplexity = MaxComplexity;
                options.ValidateComplexityDelegate = context =>
                {
                    if (context.MaxDepth > MaxDepth && !AdminOnlyIntrospection.MayIntrospect(context.ValidationContext.User))
                        context.Error = new ComplexityError($"Query is too nested to execute. Maximum depth is {context.MaxDepth} levels; maximum allowed on this endpoint is {MaxDepth}.");
                    return Task.CompletedTask;
                };
                // Introspection (administrators only, AdminOnlyIntrospection) reads the schema in memory: its lists
                // are as long as the schema, not the data: introspection fields do not count towards the complexity (depth still does).
                var standardImpact = options.DefaultComplexityImpactDelegate;
                options.DefaultComplexityImpactDelegate = context =>
                    context.ParentType.Name.StartsWith("__", StringComparison.Ordinal) || context.FieldDefinition.Name is "__schema" or "__type"
                        ? new FieldComplexityResult(0, 1)
                        : standardImpact(context);
            })
            .AddValidationRule<AdminOnlyIntrospection>()
            .UseMiddleware<AppErrorFieldMiddleware>()
            // Resolvers share the request's scoped DbContexts, which allow one operation at a time.
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            // One cache for the executer and for the GET endpoint's mutation check.
            .ConfigureExecution(services => services.GetRequiredService<ParsedDocumentCache>())
            .ConfigureExecution<QueryShapeLimits>()
            .ConfigureExecution<OneCostlyFieldPerOperation>()
            .ConfigureExecution<ValidatedDocuments>()
            .ConfigureExecutionOptions(options =>
            {
                // A singleton logger: creating one per request took the logger factory's lock on every login.
                var logger = options.RequestServices?.GetService<ILogger<AppSchema>>();
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
