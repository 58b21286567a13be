using GraphQL;
using GraphQL.Types;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Features.ListMyTokens;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;

namespace MfaMonolith.Modules.Tokens.Features.SecurityKeys;

internal sealed class SecurityKeyChallengeType : ObjectGraphType<SecurityKeyChallenge>
{
    public SecurityKeyChallengeType()
    {
        Name = "SecurityKeyChallenge";
        Description = "A WebAuthn challenge: pass optionsJson to navigator.credentials (create or get), then send its answer with challengeId. " +
                      "It works once, until expiresAt (5 minutes).";
        Field<NonNullGraphType<IdGraphType>>("challengeId").Resolve(c => c.Source.ChallengeId.ToString());
        Field<NonNullGraphType<StringGraphType>>("optionsJson")
            .Description("PublicKeyCredentialCreationOptions or PublicKeyCredentialRequestOptions as JSON, binary fields base64url-encoded.")
            .Resolve(c => c.Source.OptionsJson);
        Field<NonNullGraphType<DateTimeGraphType>>("expiresAt").Resolve(c => c.Source.ExpiresAt.UtcDateTime);
    }
}

/// <summary>The user's own security-key operations, and the ProxyIdP's start of a security-key sign-in.</summary>
internal static class SecurityKeyMutations
{
    private const int MaxUserIdLength = 256;
    private const int MaxRelyingPartyLength = 1024;

    public static void Add(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SecurityKeyChallengeType>>("beginSecurityKeyRegistration")
            .Description("Starts registering a security key or passkey beside your verification app. Needs a recent second factor (verifyStepUp).")
            .Argument<NonNullGraphType<StringGraphType>>("description", "Your own name for the key, 1–64 characters.")
            .ResolveAsync(async c => await c.Send(new BeginSecurityKeyRegistration(c.RequireUserId(), c.GetArgument<string>("description"))));

        mutation.Field<NonNullGraphType<TokenType>>("completeSecurityKeyRegistration")
            .Description("Finishes a registration with the answer of navigator.credentials.create (the PublicKeyCredential as JSON).")
            .Argument<NonNullGraphType<IdGraphType>>("challengeId")
            .Argument<NonNullGraphType<StringGraphType>>("credential")
            .ResolveAsync(async c => await c.Send(new CompleteSecurityKeyRegistration(c.RequireUserId(), c.GetIdArgument("challengeId"), c.GetArgument<string>("credential"))));

        mutation.Field<SecurityKeyChallengeType>("beginMySecurityKeyAssertion")
            .Description("A challenge for one of your security keys, to answer with verifyStepUpWithSecurityKey. Null when you have no security key.")
            .ResolveAsync(async c => await c.Send(new BeginSecurityKeyAssertion(c.User.RequireSignedInUser(), SecurityKeyChannel.Session)));

        mutation.Field<NonNullGraphType<SecurityKeyChallengeType>>("beginSecurityKeyAssertion")
            .Description("Starts a security-key sign-in of a user at the ProxyIdP: pass optionsJson to navigator.credentials.get, then send the " +
                         "answer to verifySecurityKeyAssertion with the same relyingParty. Scope: otp:verify. NO_ACTIVE_FACTOR when the user has no key.")
            .Argument<NonNullGraphType<StringGraphType>>("userId")
            .Argument<NonNullGraphType<StringGraphType>>("relyingParty", "The service the user is signing in to; the answer counts for it alone.")
            .ResolveAsync(async c =>
            {
                c.User.RequireApiScope(UserClaims.OtpVerifyScope);
                var userId = c.GetArgument<string>("userId");
                var relyingParty = c.GetArgument<string>("relyingParty");
                if (userId.Length is 0 or > MaxUserIdLength || relyingParty.Length is 0 or > MaxRelyingPartyLength)
                    throw new AppException(ErrorCodes.ValidationFailed,
                        $"userId must be 1–{MaxUserIdLength} characters and relyingParty 1–{MaxRelyingPartyLength}.");
                return await c.Send(new BeginSecurityKeyAssertion(userId, SecurityKeyChannel.ProxyIdp, relyingParty))
                    ?? throw new AppException(ErrorCodes.NoActiveFactor, "This user has no active security key.");
            });
    }
}
