using GraphQL.Types;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Modules.ServicePolicies.Features.ManageCatalog;
using MfaMonolith.Modules.ServicePolicies.Features.ServiceSettings;
using MfaMonolith.Modules.ServicePolicies.Features.StepUp;
using MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.ServicePolicies;

internal sealed class ServicePoliciesSchemaContributor : ISchemaContributor
{
    public void AddQueryFields(ObjectGraphType query)
    {
        MfaRequirementField.Add(query);
        ServiceSettingsType.AddQueryFields(query);
        StepUpType.AddQueryField(query);
    }

    public void AddMutationFields(ObjectGraphType mutation)
    {
        VerifySecondFactorPayloadType.AddMutationField(mutation);
        VerifySecondFactorPayloadType.AddSecurityKeyMutationField(mutation);
        StepUpType.AddMutationField(mutation);
        StepUpType.AddSecurityKeyMutationField(mutation);
        SaveServiceSettingsInputType.AddMutationField(mutation);
        ManageCatalogFields.Add(mutation);
    }
}
