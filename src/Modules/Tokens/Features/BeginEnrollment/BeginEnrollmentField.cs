using GraphQL;
using GraphQL.Types;
using MfaMonolith.Modules.Tokens.Features.GetPendingEnrollment;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.Tokens.Features.BeginEnrollment;

internal static class BeginEnrollmentField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<PendingEnrollmentType>>("beginTokenEnrollment")
            .Description("Starts enrolling a TOTP token: returns its QR code, otpauth:// URI and secret, once.")
            .Argument<NonNullGraphType<StringGraphType>>("description", "Your own name for the token, 1–64 characters.")
            .ChecksCodeOrCostsHash()
            .ResolveAsync(async c => await c.Send(new BeginEnrollment(c.RequireUserId(), c.GetArgument<string>("description"))));
}
