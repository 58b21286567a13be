using GraphQL;
using GraphQL.Types;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;

namespace MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;

internal static class MfaRequirementField
{
    public static void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<MfaRequirementType>>("mfaRequirement")
            .Description("Does this user need a second factor to sign in to this relying party right now? Scope: policy:read.")
            .Argument<NonNullGraphType<StringGraphType>>("userId", "The user's stable identifier, e.g. eduPersonPrincipalName or OIDC sub.")
            .Argument<NonNullGraphType<StringGraphType>>("relyingParty", "SAML entityID or OIDC client_id of the service.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("requestedAuthnContext", arg =>
            {
                arg.Description = "ACR values the service asked for, in order of preference.";
                arg.DefaultValue = new List<string>();
            })
            .ResolveAsync(async c =>
            {
                c.User.RequireApiScope(UserClaims.PolicyReadScope);
                return await c.Send(new GetMfaRequirement(
                    c.GetArgument<string>("userId"), c.GetArgument<string>("relyingParty"),
                    c.GetArgument<List<string>?>("requestedAuthnContext") ?? []));
            });
}
