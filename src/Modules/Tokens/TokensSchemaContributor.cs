using GraphQL.Types;
using MfaMonolith.Modules.Tokens.Features.BeginEnrollment;
using MfaMonolith.Modules.Tokens.Features.ConfirmEnrollment;
using MfaMonolith.Modules.Tokens.Features.GetPendingEnrollment;
using MfaMonolith.Modules.Tokens.Features.ListMyTokens;
using MfaMonolith.Modules.Tokens.Features.RemoveToken;
using MfaMonolith.Modules.Tokens.Features.RenameToken;
using MfaMonolith.Modules.Tokens.Features.SecurityKeys;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.Tokens;

internal sealed class TokensSchemaContributor : ISchemaContributor
{
    public void AddQueryFields(ObjectGraphType query)
    {
        TokenType.AddQueryField(query);
        PendingEnrollmentType.AddQueryField(query);
    }

    public void AddMutationFields(ObjectGraphType mutation)
    {
        BeginEnrollmentField.Add(mutation);
        ConfirmedEnrollmentType.AddMutationField(mutation);
        RenameTokenField.Add(mutation);
        RemovedTokenType.AddMutationField(mutation);
        SecurityKeyMutations.Add(mutation);
    }
}
