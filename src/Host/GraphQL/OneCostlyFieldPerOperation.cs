using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using GraphQLParser.AST;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Refuses an operation that carries more than one field that checks a code or costs a password hash
/// (<see cref="CostlyFields"/>), before anything runs. Without it, one POST with 500 aliased verifications is 500
/// guesses, and the serial mutation strategy would evaluate every one (ADR 0015). Those fields are root fields, so
/// only the operation's root selection (with its fragments) is looked at: a linear walk, no validation rule.
/// </summary>
internal sealed class OneCostlyFieldPerOperation : IConfigureExecution
{
    // After ParsedDocumentCache (100) and QueryShapeLimits (110), before validation and execution.
    public float SortOrder => 120;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        var schema = options.Schema ?? options.RequestServices?.GetService<ISchema>();
        if (options.Document is { } document && schema is not null && Operation(document, options.OperationName) is { } operation)
        {
            var root = operation.Operation switch
            {
                OperationType.Mutation => schema.Mutation,
                OperationType.Subscription => schema.Subscription,
                _ => schema.Query,
            };
            var costly = root is null ? [] : CostlyFieldsOf(document, operation.SelectionSet, root, []).ToList();
            if (costly.Count > 1)
            {
                return new ExecutionResult
                {
                    Errors =
                    [
                        new ExecutionError(
                            $"An operation may contain at most one field that checks a code or costs a password hash; this one has {costly.Count} " +
                            $"({string.Join(", ", costly.Distinct(StringComparer.Ordinal))}). Nothing was run: send them one at a time.")
                        { Code = ErrorCodes.OneCostlyFieldPerOperation },
                    ],
                };
            }
        }

        return await next(options);
    }

    private static GraphQLOperationDefinition? Operation(GraphQLDocument document, string? name)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return string.IsNullOrEmpty(name)
            ? operations.Count == 1 ? operations[0] : null // several without a name: validation refuses the request
            : operations.FirstOrDefault(o => o.Name?.StringValue == name);
    }

    /// <summary>The names of the costly fields the root selection runs, a fragment counted each time it is spread.</summary>
    private static IEnumerable<string> CostlyFieldsOf(GraphQLDocument document, GraphQLSelectionSet selections, IComplexGraphType root, HashSet<string> spreading)
    {
        foreach (var selection in selections.Selections)
        {
            switch (selection)
            {
                case GraphQLField field when root.GetField(field.Name.StringValue) is { } definition && definition.IsCostly():
                    yield return field.Name.StringValue;
                    break;
                case GraphQLInlineFragment inline:
                    foreach (var name in CostlyFieldsOf(document, inline.SelectionSet, root, spreading))
                        yield return name;
                    break;
                case GraphQLFragmentSpread spread when spreading.Add(spread.FragmentName.Name.StringValue):
                    // A cycle is the validation rules' to refuse; here it just ends the walk.
                    if (document.Definitions.OfType<GraphQLFragmentDefinition>().FirstOrDefault(f => f.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue) is { } fragment)
                    {
                        foreach (var name in CostlyFieldsOf(document, fragment.SelectionSet, root, spreading))
                            yield return name;
                    }

                    spreading.Remove(spread.FragmentName.Name.StringValue);
                    break;
            }
        }
    }
}
