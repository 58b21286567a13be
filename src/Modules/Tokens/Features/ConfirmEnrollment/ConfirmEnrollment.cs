using FluentValidation;
using Mediator;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.Identity.StepUp;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Modules.Tokens.Features.ConfirmEnrollment;

/// <summary>The first code from the app proves the app holds the secret: the token becomes active.</summary>
internal sealed record ConfirmEnrollment(string UserId, Guid TokenId, string Code) : ICommand<ConfirmedEnrollment>;

/// <param name="IsFirstToken">No other token was active: the first setup continues with activation and backup codes.</param>
internal sealed record ConfirmedEnrollment(Guid TokenId, string Description, bool IsFirstToken);

internal sealed class ConfirmEnrollmentValidator : AbstractValidator<ConfirmEnrollment>
{
    public ConfirmEnrollmentValidator() =>
        RuleFor(c => c.Code).Must(code => TotpAlgorithm.NormalizeCode(code) is not null)
            .WithMessage($"Enter the {TotpAlgorithm.DefaultDigits}-digit code your app shows.");
}

internal sealed class ConfirmEnrollmentHandler(
    TokensDbContext db, TotpSecretProtector protector, IOptions<TotpOptions> options, SessionStepUp stepUp, SecurityEventOutbox outbox, IPublisher publisher, TimeProvider clock)
    : ICommandHandler<ConfirmEnrollment, ConfirmedEnrollment>
{
    public async ValueTask<ConfirmedEnrollment> Handle(ConfirmEnrollment command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var actor = SecurityEventOccurred.UserActor(command.UserId);
        var token = await db.Tokens.FirstOrDefaultAsync(t => t.Id == command.TokenId && t.UserId == command.UserId, cancellationToken);
        if (token is null || token.State is TokenState.Removed)
            throw new AppException(ErrorCodes.NotFound, "There is no such enrolment. Start again to add a token.");
        if (token.State == TokenState.Active)
            throw new AppException(ErrorCodes.Conflict, "This token is already verified and active.");
        if (token.State == TokenState.Expired || token.HasPendingExpired(now))
        {
            if (token.State == TokenState.Pending)
            {
                token.Expire(now);
                outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.EnrolmentExpired, command.UserId, actor, now, Detail: token.Id.ToString()));
                await db.SaveChangesAsync(cancellationToken);
            }

            throw new AppException(ErrorCodes.EnrollmentExpired, "This enrolment expired after 10 minutes. Start again to get a new QR code.");
        }

        var code = TotpAlgorithm.NormalizeCode(command.Code, token.Digits)!;
        var secret = protector.Unprotect(token.ProtectedSecret);
        var step = TotpAlgorithm.MatchingStep(secret, code, now, token.PeriodSeconds, token.Digits, options.Value.WindowSteps, token.Hash);
        var hadActiveToken = await db.Tokens.AnyAsync(t => t.UserId == command.UserId && t.State == TokenState.Active, cancellationToken);
        if (step is null || !await ActivateAsync(command.UserId, token.Id, step.Value, now, isFirstToken: !hadActiveToken, cancellationToken))
        {
            // A wrong code changes nothing here, so its event needs no outbox.
            await publisher.Publish(new SecurityEventOccurred(SecurityEventType.VerificationRejected, command.UserId, actor, now,
                Method: "TOTP", Reason: ErrorCodes.InvalidCode, Detail: "enrolment"), cancellationToken);
            throw new AppException(ErrorCodes.InvalidCode,
                "That code is not right. Check that your app shows the token you just added and that your phone's time is set automatically, then type the current code.");
        }

        // The first token's code is now the user's second factor, and this session has just shown it: the session
        // counts as verified (an administrator without a token may act once this is done, PRODUCT.md). A further
        // token needed the step-up to begin, so it changes nothing here.
        if (!hadActiveToken)
            await stepUp.RecordAsync(cancellationToken);
        return new ConfirmedEnrollment(token.Id, token.Description, !hadActiveToken);
    }

    /// <summary>
    /// The conditional activation and its ENROLMENT_CONFIRMED, in one transaction; for the first token with its
    /// consequence, MFA for all services, so that "MFA is now activated" is never told while the policy says otherwise.
    /// </summary>
    private async Task<bool> ActivateAsync(string userId, Guid tokenId, long step, DateTimeOffset now, bool isFirstToken, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Tokens.TryActivateAsync(tokenId, step, now, ct))
            return false;
        outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.EnrolmentConfirmed, userId, SecurityEventOccurred.UserActor(userId), now, Method: "TOTP",
            Reason: isFirstToken ? "FIRST_TOKEN" : null, Detail: tokenId.ToString()), isFirstToken ? new Contracts.FirstTokenActivated(userId, now) : null);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
