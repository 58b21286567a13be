using GraphQL;
using GraphQL.Types;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;

namespace MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;

internal sealed class VerifySecondFactorInput
{
    public string UserId { get; set; } = "";
    public string Code { get; set; } = "";
    public string? RelyingParty { get; set; }
}

internal sealed class VerifySecondFactorInputType : InputObjectGraphType<VerifySecondFactorInput>
{
    public VerifySecondFactorInputType()
    {
        Name = "VerifySecondFactorInput";
        Field<NonNullGraphType<StringGraphType>>("userId");
        Field<NonNullGraphType<StringGraphType>>("code").Description("Digits or a backup code; spaces and dashes are ignored.");
        Field<StringGraphType>("relyingParty").Description("For the audit log.");
    }
}

internal sealed class VerifySecurityKeyAssertionInput
{
    public string UserId { get; set; } = "";
    public string ChallengeId { get; set; } = "";
    public string Credential { get; set; } = "";
    public string RelyingParty { get; set; } = "";
}

internal sealed class VerifySecurityKeyAssertionInputType : InputObjectGraphType<VerifySecurityKeyAssertionInput>
{
    public VerifySecurityKeyAssertionInputType()
    {
        Name = "VerifySecurityKeyAssertionInput";
        Field<NonNullGraphType<StringGraphType>>("userId");
        Field<NonNullGraphType<IdGraphType>>("challengeId").Description("From beginSecurityKeyAssertion.");
        Field<NonNullGraphType<StringGraphType>>("credential").Description("The answer of navigator.credentials.get: the PublicKeyCredential as JSON.");
        Field<NonNullGraphType<StringGraphType>>("relyingParty").Description("The same relyingParty as in beginSecurityKeyAssertion.");
    }
}

internal sealed class VerifySecondFactorPayloadType : ObjectGraphType<SecondFactorVerification>
{
    public const string RefedsMfa = AuthnContext.RefedsMfa;

    public VerifySecondFactorPayloadType()
    {
        Name = "VerifySecondFactorPayload";
        Field<NonNullGraphType<BooleanGraphType>>("accepted").Resolve(c => c.Source.Accepted);
        Field<SecondFactorMethodType>("method").Description("Set when accepted.")
            .Resolve(c => c.Source.Accepted ? SecondFactorMethodType.Parse(c.Source.Method) : null);
        Field<StringGraphType>("authnContextClassRef").Description("\"https://refeds.org/profile/mfa\" when accepted.")
            .Resolve(c => c.Source.Accepted ? RefedsMfa : null);
        Field<NonNullGraphType<IntGraphType>>("remainingBackupCodes").Description("After this call.").Resolve(c => c.Source.RemainingBackupCodes);
        Field<DateTimeGraphType>("lockedUntil").Description("Set while the user is locked out after too many failures.")
            .Resolve(c => c.Source.LockedUntil?.UtcDateTime);
        Field<VerificationFailureType>("failureReason").Description("Set when not accepted.").Resolve(c => c.Source.Failure);
    }

    public static void AddMutationField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<VerifySecondFactorPayloadType>>("verifySecondFactor")
            .Description("Check a code the user typed at the ProxyIdP: a TOTP code from any active token, or an unused backup code. " +
                         "Each accepted code is accepted once only. Scope: otp:verify.")
            .Argument<NonNullGraphType<VerifySecondFactorInputType>>("input")
            .ChecksCodeOrCostsHash()
            .ResolveAsync(async c =>
            {
                var client = c.User.RequireApiScope(UserClaims.OtpVerifyScope);
                var input = c.GetArgument<VerifySecondFactorInput>("input");
                return await c.Send(new Contracts.VerifySecondFactor(input.UserId, input.Code, input.RelyingParty, "client:" + client, "proxyidp"));
            });

    public static void AddSecurityKeyMutationField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<VerifySecondFactorPayloadType>>("verifySecurityKeyAssertion")
            .Description("Check a security key's answer to beginSecurityKeyAssertion, with the same per-user lock-out as verifySecondFactor. " +
                         "Each challenge counts once; a key whose signature counter went back is refused (CLONED_KEY). Scope: otp:verify.")
            .Argument<NonNullGraphType<VerifySecurityKeyAssertionInputType>>("input")
            .ChecksCodeOrCostsHash()
            .ResolveAsync(async c =>
            {
                var client = c.User.RequireApiScope(UserClaims.OtpVerifyScope);
                var input = c.GetArgument<VerifySecurityKeyAssertionInput>("input");
                return await c.Send(new Contracts.VerifySecondFactor(input.UserId, "", input.RelyingParty, "client:" + client, "proxyidp",
                    new SecurityKeyAnswer(SharedKernel.GraphQL.ResolveFieldContextExtensions.ParseId(input.ChallengeId, "challengeId"), input.Credential, ThroughProxyIdp: true)));
            });
}
