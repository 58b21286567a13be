using GraphQL;
using GraphQL.Types;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.Tokens.Features.ConfirmEnrollment;

internal sealed class ConfirmedEnrollmentType : ObjectGraphType<ConfirmedEnrollment>
{
    public ConfirmedEnrollmentType()
    {
        Name = "ConfirmTokenEnrollmentPayload";
        Field<NonNullGraphType<IdGraphType>>("tokenId").Resolve(c => c.Source.TokenId.ToString());
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<BooleanGraphType>>("isFirstToken")
            .Description("True when this is the user's first active token: the first setup continues.")
            .Resolve(c => c.Source.IsFirstToken);
    }

    public static void AddMutationField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ConfirmedEnrollmentType>>("confirmTokenEnrollment")
            .Description("Verifies the first code from the app; on success the token is active.")
            .Argument<NonNullGraphType<IdGraphType>>("tokenId")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ChecksCodeOrCostsHash()
            .ResolveAsync(async c => await c.Send(new ConfirmEnrollment(c.RequireUserId(), c.GetIdArgument("tokenId"), c.GetArgument<string>("code"))));
}
