using GraphQL.Validation;
using GraphQLParser.AST;
using MfaMonolith.SharedKernel.Identity;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Only administrators may introspect the schema (<c>__schema</c>, <c>__type</c>); <c>__typename</c> stays open to
/// everyone, as GraphQL clients and the GraphQL-over-HTTP audit rely on it. ADR 0010.
/// </summary>
internal sealed class AdminOnlyIntrospection : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        context.User?.IsInRole(UserClaims.AdminRole) == true
            ? default
            : new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
            {
                if (field.Name.Value == "__schema" || field.Name.Value == "__type")
                {
                    ctx.ReportError(new ValidationError(ctx.Document.Source, "6.1.1", "Only administrators may introspect the schema.", field)
                    {
                        Code = "INTROSPECTION_FORBIDDEN",
                    });
                }
            }));
}
