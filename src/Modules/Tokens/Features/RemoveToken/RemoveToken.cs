using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity.StepUp;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.RemoveToken;

/// <summary>Removing a token needs the session's step-up (a second factor verified recently, ADR 0015).</summary>
internal sealed record RemoveToken(string UserId, Guid TokenId) : ICommand<RemovedToken>;

/// <param name="MfaTurnedOff">It was the last active token: MFA is now off for this user.</param>
internal sealed record RemovedToken(Guid TokenId, bool MfaTurnedOff);

internal sealed class RemoveTokenHandler(TokensDbContext db, SessionStepUp stepUp, TimeProvider clock)
    : ICommandHandler<RemoveToken, RemovedToken>
{
    public async ValueTask<RemovedToken> Handle(RemoveToken command, CancellationToken cancellationToken)
    {
        await stepUp.RequireAsync("remove a token", cancellationToken);
        var now = clock.GetUtcNow();
        var actor = SecurityEventOccurred.UserActor(command.UserId);
        var token = await db.Tokens.FirstOrDefaultAsync(
            t => t.Id == command.TokenId && t.UserId == command.UserId && t.State == TokenState.Active, cancellationToken)
            ?? throw new AppException(ErrorCodes.NotFound, "No such token.");

        var remaining = await db.Tokens.CountAsync(t => t.UserId == command.UserId && t.State == TokenState.Active && t.Id != token.Id, cancellationToken);
        // The consequence (MFA off and the backup codes retired, if this was the last token) commits with the removal
        // and is delivered right after it, or by the outbox after a crash (ADR 0013).
        token.Remove(now, actor, remaining == 0 ? "LAST_TOKEN" : null);
        await db.SaveChangesAsync(cancellationToken);
        // Asked again after the commit: of two concurrent removals of the last two tokens, each saw one left.
        var mfaTurnedOff = !await db.Tokens.AnyAsync(t => t.UserId == command.UserId && t.State == TokenState.Active, CancellationToken.None);
        return new RemovedToken(token.Id, mfaTurnedOff);
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
            .Description("Removes one of your tokens. Needs a recent second factor (step-up: verifyStepUp). Removing the last token turns MFA off.")
            .Argument<NonNullGraphType<IdGraphType>>("tokenId")
            .ResolveAsync(async c => await c.Send(new RemoveToken(c.RequireUserId(), c.GetIdArgument("tokenId"))));
}
