using FluentValidation;
using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Features.VerifyTotpCode;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.RemoveToken;

/// <summary>Removing a token needs a code typed now (step-up) from any of the user's active tokens.</summary>
internal sealed record RemoveToken(string UserId, Guid TokenId, string Code) : ICommand<RemovedToken>;

/// <param name="MfaTurnedOff">It was the last active token: MFA is now off for this user.</param>
internal sealed record RemovedToken(Guid TokenId, bool MfaTurnedOff);

internal sealed class RemoveTokenValidator : AbstractValidator<RemoveToken>
{
    public RemoveTokenValidator() =>
        RuleFor(c => c.Code).Must(code => TotpAlgorithm.NormalizeCode(code) is not null)
            .WithMessage($"Enter the {TotpAlgorithm.DefaultDigits}-digit code your app shows now.");
}

internal sealed class RemoveTokenHandler(TokensDbContext db, TotpVerifier verifier, SecurityEventOutbox outbox, IPublisher publisher, TimeProvider clock)
    : ICommandHandler<RemoveToken, RemovedToken>
{
    public async ValueTask<RemovedToken> Handle(RemoveToken command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var actor = SecurityEventOccurred.UserActor(command.UserId);
        var token = await db.Tokens.FirstOrDefaultAsync(
            t => t.Id == command.TokenId && t.UserId == command.UserId && t.State == TokenState.Active, cancellationToken)
            ?? throw new AppException(ErrorCodes.NotFound, "No such token.");

        var stepUp = await verifier.VerifyAsync(command.UserId, command.Code,
            new SecurityEventOccurred(SecurityEventType.VerificationAccepted, command.UserId, actor, now, Method: "TOTP", Detail: "step-up"), cancellationToken);
        if (!stepUp.Accepted)
        {
            // A wrong or replayed code changes nothing, so its event needs no outbox.
            var reason = stepUp.Outcome == TotpVerificationOutcome.Replayed ? ErrorCodes.Replayed : ErrorCodes.InvalidCode;
            await publisher.Publish(new SecurityEventOccurred(SecurityEventType.VerificationRejected, command.UserId, actor, now,
                Method: "TOTP", Reason: reason, Detail: "step-up"), cancellationToken);
            throw new AppException(reason, reason == ErrorCodes.Replayed
                ? "That code was already used. Wait for your app to show the next code."
                : "That code is not right. Type the code your app shows now.");
        }

        var remaining = await db.Tokens.CountAsync(t => t.UserId == command.UserId && t.State == TokenState.Active && t.Id != token.Id, cancellationToken);
        token.Remove(now);
        outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.TokenRemoved, command.UserId, actor, now,
            Reason: remaining == 0 ? "LAST_TOKEN" : null, Detail: token.Id.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        await outbox.DeliverAsync();
        if (remaining == 0)
            await publisher.Publish(new MfaTurnedOff(command.UserId, now), cancellationToken);
        return new RemovedToken(token.Id, remaining == 0);
    }
}

internal sealed class RemovedTokenType : ObjectGraphType<RemovedToken>
{
    public RemovedTokenType()
    {
        Name = "RemoveTokenPayload";
        Field<NonNullGraphType<IdGraphType>>("removedTokenId").Resolve(c => c.Source.TokenId.ToString());
        Field<NonNullGraphType<BooleanGraphType>>("mfaTurnedOff")
            .Description("True when the removed token was the last one: multi-factor authentication is now off for you.")
            .Resolve(c => c.Source.MfaTurnedOff);
    }

    public static void AddMutationField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<RemovedTokenType>>("removeToken")
            .Description("Removes one of your tokens. Needs a current code (step-up). Removing the last token turns MFA off.")
            .Argument<NonNullGraphType<IdGraphType>>("tokenId")
            .Argument<NonNullGraphType<StringGraphType>>("code")
            .ResolveAsync(async c => await c.Send(new RemoveToken(c.RequireUserId(), c.GetIdArgument("tokenId"), c.GetArgument<string>("code"))));
}
