using FluentValidation;
using Mediator;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Features.GetPendingEnrollment;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Identity.StepUp;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using MfaMonolith.SharedKernel.Validation;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.BeginEnrollment;

/// <summary>
/// Creates a pending token with a fresh secret; any older unfinished enrolment of the user expires. Adding a token
/// beside an active one needs the session's step-up: a stolen session must not get a lasting factor of its own.
/// </summary>
internal sealed record BeginEnrollment(string UserId, string Description) : ICommand<PendingEnrollmentView>;

internal sealed class BeginEnrollmentValidator : AbstractValidator<BeginEnrollment>
{
    public const int MaxDescriptionLength = 64;

    public BeginEnrollmentValidator() =>
        RuleFor(c => c.Description).IsDisplayLabel("description", MaxDescriptionLength);
}

internal sealed class BeginEnrollmentHandler(
    TokensDbContext db, TotpSecretProtector protector, PendingEnrollmentViewFactory views, SessionStepUp stepUp, SecurityEventOutbox outbox, TimeProvider clock)
    : ICommandHandler<BeginEnrollment, PendingEnrollmentView>
{
    public async ValueTask<PendingEnrollmentView> Handle(BeginEnrollment command, CancellationToken cancellationToken)
    {
        if (await db.Tokens.AnyAsync(t => t.UserId == command.UserId && t.State == TokenState.Active, cancellationToken))
            await stepUp.RequireAsync("add another token", cancellationToken);
        var now = clock.GetUtcNow();
        var unfinished = await db.Tokens.Where(t => t.UserId == command.UserId && t.State == TokenState.Pending).ToListAsync(cancellationToken);
        foreach (var old in unfinished)
            old.Expire(now);

        var secret = TotpAlgorithm.NewSecret();
        var token = TotpToken.BeginEnrollment(command.UserId, command.Description, protector.Protect(secret), now);
        db.Tokens.Add(token);
        var actor = SecurityEventOccurred.UserActor(command.UserId);
        foreach (var old in unfinished)
            outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.EnrolmentExpired, command.UserId, actor, now, Reason: "SUPERSEDED", Detail: old.Id.ToString()));
        outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.EnrolmentStarted, command.UserId, actor, now, Detail: token.Id.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        return views.Create(token, secret);
    }
}
