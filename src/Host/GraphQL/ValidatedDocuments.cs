using System.Runtime.CompilerServices;
using GraphQL;
using GraphQL.DI;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Runs the validation rules once per cached document and kind of caller, not on every request: the ProxyIdP sends the
/// same two documents on every login, and the thirty-odd rules cost more than the rest of the request. What a rule
/// decides depends on the document and on whether the caller may introspect (<see cref="AdminOnlyIntrospection"/>), so
/// a document is remembered as valid per kind of caller. The complexity rule still runs every time: its limit depends
/// on the caller and its list sizes on the variables. Variables are still coerced and checked on every request (the
/// validator does that whatever rules it runs). ADR 0002.
/// </summary>
internal sealed class ValidatedDocuments : IConfigureExecution
{
    // After every IConfigureExecutionOptions has installed its rules, before the executer validates.
    public float SortOrder => 500;

    // Held weakly: a document goes when ParsedDocumentCache lets it go.
    private static readonly ConditionalWeakTable<GraphQLDocument, Passed> Valid = new();

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not { } document)
            return await next(options);

        var introspecting = AdminOnlyIntrospection.MayIntrospect(options.User);
        var passed = Valid.GetOrCreateValue(document);
        if (passed.For(introspecting))
            options.ValidationRules = [.. (options.ValidationRules ?? []).Where(DependsOnTheRequest)];

        var result = await next(options);
        // Executed: validation found nothing, whatever the resolvers then did.
        if (result.Executed)
            passed.Add(introspecting);
        return result;
    }

    private static bool DependsOnTheRequest(global::GraphQL.Validation.IValidationRule rule) =>
        rule is ComplexityValidationRule;

    private sealed class Passed
    {
        private volatile bool introspecting;
        private volatile bool other;

        public bool For(bool mayIntrospect) => mayIntrospect ? introspecting : other;

        public void Add(bool mayIntrospect)
        {
            if (mayIntrospect)
                introspecting = true;
            else
                other = true;
        }
    }
}
