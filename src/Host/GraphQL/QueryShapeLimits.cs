using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Refuses documents whose sheer size would make validation itself the attack, before any validation rule runs.
/// GraphQL.NET's rules all run before the complexity limit can refuse a query, and some cost more than linear time:
/// 10,000 copies of one field (overlapping-fields check), 10,000 directives (one error each) or fragments that spread
/// each other ten times over (exponential expansion) each held a core for seconds or for good. One linear pass over
/// the parsed document bounds all of them. ADR 0002.
/// </summary>
internal sealed class QueryShapeLimits : IConfigureExecution
{
    /// <summary>Field selections once every fragment spread is expanded; far above any query of the product's own.</summary>
    public const int MaxFields = 1_000;

    public const int MaxDirectives = 100;

    /// <summary>A few errors say what is wrong; ten thousand of them are an amplified copy of the attack.</summary>
    public const int MaxErrors = 10;

    public const string Code = "QUERY_TOO_LARGE";

    // After ParsedDocumentCache (100), which provides the parsed document.
    public float SortOrder => 110;

    // A verdict per parsed document: ParsedDocumentCache hands the ProxyIdP's two documents out again and again, so
    // they are measured once, not on every login. Held weakly: it goes when the cache lets the document go.
    private static readonly ConditionalWeakTable<GraphQLDocument, Verdict> Verdicts = new();

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is { } document && await RefusalOfAsync(document) is { } message)
            return new ExecutionResult { Errors = [new ExecutionError(message) { Code = Code }] };

        var result = await next(options);
        if (result.Errors is { Count: > MaxErrors } errors)
        {
            var more = errors.Count - MaxErrors;
            result.Errors = [.. errors.Take(MaxErrors), new ExecutionError($"… and {more} more errors.") { Code = Code }];
        }

        return result;
    }

    private static async Task<string?> RefusalOfAsync(GraphQLDocument document)
    {
        if (!Verdicts.TryGetValue(document, out var verdict))
        {
            verdict = new Verdict(await RefusalAsync(document));
            Verdicts.AddOrUpdate(document, verdict);
        }

        return verdict.Refusal;
    }

    private static async Task<string?> RefusalAsync(GraphQLDocument document)
    {
        var fields = new ExpandedFieldCounter(document).Count();
        if (fields > MaxFields)
            return $"The query selects more than {MaxFields} fields (counting a fragment each time it is spread); ask for less at a time.";
        var directives = await DirectiveCounter.CountAsync(document);
        return directives > MaxDirectives ? $"The query uses {directives} directives; at most {MaxDirectives} are allowed." : null;
    }

    private sealed record Verdict(string? Refusal);

    /// <summary>Counts fields with fragments expanded, each fragment's size computed once, stopping past the limit.</summary>
    private sealed class ExpandedFieldCounter(GraphQLDocument document)
    {
        private readonly Dictionary<string, GraphQLFragmentDefinition> fragments = document.Definitions
            .OfType<GraphQLFragmentDefinition>()
            .DistinctBy(f => f.FragmentName.Name.StringValue)
            .ToDictionary(f => f.FragmentName.Name.StringValue);

        private readonly Dictionary<string, int> sizes = [];

        public int Count()
        {
            var total = 0;
            foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
                total = Add(total, Count(operation.SelectionSet));
            // Fragments no operation spreads are still validated: they count too.
            foreach (var name in fragments.Keys)
                total = Add(total, SizeOf(name));
            return total;
        }

        private int Count(GraphQLSelectionSet? selections)
        {
            var total = 0;
            foreach (var selection in selections?.Selections ?? [])
            {
                total = Add(total, selection switch
                {
                    GraphQLField field => Add(1, Count(field.SelectionSet)),
                    GraphQLInlineFragment inline => Count(inline.SelectionSet),
                    GraphQLFragmentSpread spread => SizeOf(spread.FragmentName.Name.StringValue),
                    _ => 0,
                });
                if (total > MaxFields)
                    break;
            }

            return total;
        }

        private int SizeOf(string fragment)
        {
            if (sizes.TryGetValue(fragment, out var size))
                return size;
            if (!fragments.TryGetValue(fragment, out var definition))
                return 0; // unknown fragments are the validation rules' to report
            sizes[fragment] = 0; // a cycle counts nothing here; a validation rule refuses it
            return sizes[fragment] = Count(definition.SelectionSet);
        }

        // Saturates just past the limit, so that a fragment bomb's 10^30 fields cannot overflow.
        private static int Add(int a, int b) => Math.Min(a + b, MaxFields + 1);
    }

    private sealed class DirectiveCounter : ASTVisitor<DirectiveCounter.Context>
    {
        private static readonly DirectiveCounter Instance = new();

        public static async Task<int> CountAsync(GraphQLDocument document)
        {
            var context = new Context();
            await Instance.VisitAsync(document, context);
            return context.Directives;
        }

        protected override ValueTask VisitDirectiveAsync(GraphQLDirective directive, Context context)
        {
            context.Directives++;
            return base.VisitDirectiveAsync(directive, context);
        }

        internal sealed class Context : IASTVisitorContext
        {
            public int Directives { get; set; }

            public CancellationToken CancellationToken => CancellationToken.None;
        }
    }
}
