using GraphQL.Types;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;

// The types of the contract in proxyidp.graphql: names and values must stay exactly as they are there.

internal sealed class MfaReasonType : EnumerationGraphType<MfaReason>
{
    public MfaReasonType() => Name = "MfaReason";
}

internal sealed class VerificationFailureType : EnumerationGraphType<SecondFactorFailure>
{
    public VerificationFailureType() => Name = "VerificationFailure";
}

internal sealed class MfaRequirementType : ObjectGraphType<MfaRequirement>
{
    public MfaRequirementType()
    {
        Name = "MfaRequirement";
        Field<NonNullGraphType<BooleanGraphType>>("required")
            .Description("The ProxyIdP must perform a second factor before letting the user in.").Resolve(c => c.Source.Required);
        Field<NonNullGraphType<BooleanGraphType>>("satisfiable")
            .Description("The user can present a second factor now (has an active TOTP token or security key).").Resolve(c => c.Source.Satisfiable);
        Field<NonNullGraphType<MfaReasonType>>("reason").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SecondFactorMethodType>>>>("methods")
            .Description("What the user can present now; empty when not satisfiable.").Resolve(c => c.Source.Methods);
    }
}
