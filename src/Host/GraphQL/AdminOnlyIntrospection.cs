using System.Security.Claims;
using GraphQL.Validation;
using GraphQLParser.AST;
using MfaMonolith.SharedKernel.Identity;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Only administrators (and API clients given the <c>schema:read</c> scope, for tooling) may introspect the schema
/// (<c>__schema</c>, <c>__type</c>); <c>__typename</c> stays open to everyone, as GraphQL clients rely on it. ADR 0010.
/// </summary>
internal sealed class AdminOnlyIntrospection : ValidationRuleBase
{
    /// <summary>Administrators, and API clients with the <c>schema:read</c> scope.</summary>
    public static bool MayIntrospect(ClaimsPrincipal? user) =>
        user?.IsInRole(UserClaims.AdminRole) == true
        || (user.FindApiClient() is not null && user!.HasClaim(UserClaims.Scope, UserClaims.SchemaReadScope));

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        MayIntrospect(context.User)
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
