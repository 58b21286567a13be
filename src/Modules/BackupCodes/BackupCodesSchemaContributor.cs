using GraphQL.Types;
using MfaMonolith.Modules.BackupCodes.Features.AcknowledgeBackupCodes;
using MfaMonolith.Modules.BackupCodes.Features.GenerateBackupCodes;
using MfaMonolith.Modules.BackupCodes.Features.GetMyBackupCodes;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.BackupCodes;

internal sealed class BackupCodesSchemaContributor : ISchemaContributor
{
    public void AddQueryFields(ObjectGraphType query) => BackupCodesType.AddQueryField(query);

    public void AddMutationFields(ObjectGraphType mutation)
    {
        GenerateBackupCodesField.Add(mutation);
        AcknowledgeBackupCodesField.Add(mutation);
    }
}
