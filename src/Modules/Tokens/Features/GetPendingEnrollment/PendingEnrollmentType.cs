using GraphQL;
using GraphQL.Types;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.Tokens.Features.GetPendingEnrollment;

internal sealed class PendingEnrollmentType : ObjectGraphType<PendingEnrollmentView>
{
    public PendingEnrollmentType()
    {
        Name = "PendingEnrollment";
        Description = "A token being enrolled: the secret is shown here, during enrolment, and never again.";
        Field<NonNullGraphType<IdGraphType>>("tokenId").Resolve(c => c.Source.TokenId.ToString());
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<StringGraphType>>("otpauthUri").Description("The otpauth:// Key URI the QR code encodes.").Resolve(c => c.Source.OtpAuthUri);
        Field<NonNullGraphType<StringGraphType>>("secret").Description("Base32, for typing by hand.").Resolve(c => c.Source.Secret);
        Field<NonNullGraphType<StringGraphType>>("secretGrouped").Description("The secret in groups of four.").Resolve(c => c.Source.SecretGrouped);
        Field<NonNullGraphType<StringGraphType>>("qrCodePngDataUri").Resolve(c => c.Source.QrCodePngDataUri);
        Field<NonNullGraphType<DateTimeGraphType>>("expiresAt").Resolve(c => c.Source.ExpiresAt.UtcDateTime);
    }

    public static void AddQueryField(ObjectGraphType query) =>
        query.Field<PendingEnrollmentType>("myPendingEnrollment")
            .Description("The signed-in user's unfinished token enrolment, if any (expires 10 minutes after it began).")
            .ResolveAsync(async c => await c.Send(new GetMyPendingEnrollment(c.RequireUserId())));
}
