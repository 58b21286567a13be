using FluentValidation;
using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Identity.StepUp;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Modules.ServicePolicies.Features.StepUp;

/// <summary>
/// Verifies a code for the current session (a step-up, ADR 0015): the one verification with its lock-out, then the
/// session remembers the time, so that sensitive changes within <c>Mfa:StepUp:MaxAge</c> need no further code.
/// </summary>
/// <param name="Purpose">"step-up", or "sign-in" for a session that still owes its second factor.</param>
/// <param name="SecurityKey">Instead of a code: a security key's answer to beginMySecurityKeyAssertion.</param>
internal sealed record VerifyStepUp(string UserId, string Code, string Purpose, SecurityKeyAnswer? SecurityKey = null) : ICommand<StepUpView>;

/// <param name="ValidUntil">Until when sensitive changes need no new code; null when every change needs one (MaxAge zero).</param>
internal sealed record StepUpView(DateTimeOffset? VerifiedAt, DateTimeOffset? ValidUntil, string? Method, int? RemainingBackupCodes);

internal sealed class VerifyStepUpValidator : AbstractValidator<VerifyStepUp>
{
    public VerifyStepUpValidator()
    {
        RuleFor(c => c.Code).NotEmpty().WithMessage("Type the code your verification app shows now, or one of your backup codes.")
            .MaximumLength(64).WithMessage("That is too long for a verification code or a backup code.")
            .When(c => c.SecurityKey is null);
        RuleFor(c => c.SecurityKey!.CredentialJson).NotEmpty().WithMessage("credential must be the security key's answer (PublicKeyCredential as JSON).")
            .MaximumLength(VerifySecondFactor.VerifySecondFactorValidator.MaxCredentialLength).WithMessage("credential is too long for a security key's answer.")
            .When(c => c.SecurityKey is not null);
    }
}

internal sealed class VerifyStepUpHandler(ISender sender, SessionStepUp stepUp) : ICommandHandler<VerifyStepUp, StepUpView>
{
    public async ValueTask<StepUpView> Handle(VerifyStepUp command, CancellationToken ct)
    {
        var verification = await sender.Send(
            new Contracts.VerifySecondFactor(command.UserId, command.Code, null, SecurityEventOccurred.UserActor(command.UserId), command.Purpose, command.SecurityKey), ct);
        if (!verification.Accepted)
            throw Failed(verification);
        var at = await stepUp.RecordAsync(ct);
        return new StepUpView(at, stepUp.ValidUntil, verification.Method, verification.RemainingBackupCodes);
    }

    private static AppException Failed(SecondFactorVerification result) => new(result.Failure switch
    {
        SecondFactorFailure.Replayed => ErrorCodes.Replayed,
        SecondFactorFailure.LockedOut => ErrorCodes.LockedOut,
        SecondFactorFailure.NoActiveFactor => ErrorCodes.NoActiveFactor,
        // A cloned key is refused like a wrong code; the audit log names it CLONED_KEY.
        _ => ErrorCodes.InvalidCode,
    }, result.FailureMessage!);
}

internal sealed class StepUpType : ObjectGraphType<StepUpView>
{
    public StepUpType()
    {
        Name = "StepUp";
        Description = "When this session last verified a second factor, and until when sensitive changes need no new code.";
        Field<DateTimeGraphType>("verifiedAt").Description("Null if this session never verified a second factor.").Resolve(c => c.Source.VerifiedAt?.UtcDateTime);
        Field<DateTimeGraphType>("validUntil")
            .Description("Sensitive changes need no new code until then; null when the next one needs a code (Mfa:StepUp:MaxAge 0 asks for a code " +
                         "with every change: send verifyStepUp in the same operation as the change).")
            .Resolve(c => c.Source.ValidUntil?.UtcDateTime);
        Field<SecondFactorMethodType>("method").Description("What verifyStepUp accepted.").Resolve(c => SecondFactorMethodType.Parse(c.Source.Method));
        Field<IntGraphType>("remainingBackupCodes").Description("After verifyStepUp: your unused backup codes.").Resolve(c => c.Source.RemainingBackupCodes);
    }

    public static void AddQueryField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<StepUpType>>("myStepUp")
            .Description("This session's step-up: when it last verified a second factor and until when sensitive changes need no new code.")
            .Resolve(c =>
            {
                c.User.RequireSignedInUser();
                var stepUp = c.StepUp();
                return new StepUpView(stepUp.VerifiedAt, stepUp.ValidUntil, null, null);
            });

    public static void AddMutationField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<StepUpType>>("verifyStepUp")
            .Description("Verifies a code for this session (a TOTP code or a backup code, which it spends), with the per-user lock-out. " +
                         "Sensitive changes (adding or removing a token, new backup codes, Service Settings, every admin mutation) answer " +
                         "STEP_UP_REQUIRED until this succeeds, and then work for Mfa:StepUp:MaxAge (default 5 minutes).")
            .Argument<NonNullGraphType<StringGraphType>>("code", "A code from your verification app, or one of your backup codes.")
            .ChecksCodeOrCostsHash()
            .ResolveAsync(async c =>
            {
                var userId = c.User.RequireSignedInUser();
                return await c.Send(new VerifyStepUp(userId, c.GetArgument<string>("code"), PurposeOf(c)));
            });

    public static void AddSecurityKeyMutationField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<StepUpType>>("verifyStepUpWithSecurityKey")
            .Description("Like verifyStepUp, with a security key's answer (navigator.credentials.get) to beginMySecurityKeyAssertion instead of a code.")
            .Argument<NonNullGraphType<IdGraphType>>("challengeId")
            .Argument<NonNullGraphType<StringGraphType>>("credential", "The PublicKeyCredential as JSON.")
            .ChecksCodeOrCostsHash()
            .ResolveAsync(async c =>
            {
                var userId = c.User.RequireSignedInUser();
                var answer = new SecurityKeyAnswer(c.GetIdArgument("challengeId"), c.GetArgument<string>("credential"), ThroughProxyIdp: false);
                return await c.Send(new VerifyStepUp(userId, "", PurposeOf(c), answer));
            });

    private static string PurposeOf(GraphQL.IResolveFieldContext c) =>
        c.User!.HasClaim(claim => claim.Type == UserClaims.SecondFactorPending) || c.StepUp().VerifiedAt is null ? "sign-in" : "step-up";
}
