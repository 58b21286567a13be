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

/// <summary>
/// Removing a token (a TOTP app or a security key) needs the session's step-up (a second factor verified recently,
/// ADR 0015). Removing the last TOTP app while security keys remain needs <paramref name="ConfirmLastTotp"/>: the user
/// then signs in with a key only, and a key works only where the browser can reach it.
/// </summary>
internal sealed record RemoveToken(string UserId, Guid TokenId, bool ConfirmLastTotp = false) : ICommand<RemovedToken>;

/// <param name="MfaTurnedOff">It was the last active factor: MFA is now off for this user.</param>
internal sealed record RemovedToken(Guid TokenId, bool MfaTurnedOff);

internal sealed class RemoveTokenHandler(TokensDbContext db, SessionStepUp stepUp, TimeProvider clock)
    : ICommandHandler<RemoveToken, RemovedToken>
{
    public async ValueTask<RemovedToken> Handle(RemoveToken command, CancellationToken cancellationToken)
    {
        await stepUp.RequireAsync("remove a token", cancellationToken);
        var now = clock.GetUtcNow();
        var actor = SecurityEventOccurred.UserActor(command.UserId);
        var key = await db.SecurityKeys.FirstOrDefaultAsync(
            k => k.Id == command.TokenId && k.UserId == command.UserId && k.State == TokenState.Active, cancellationToken);
        var token = key is null
            ? await db.Tokens.FirstOrDefaultAsync(t => t.Id == command.TokenId && t.UserId == command.UserId && t.State == TokenState.Active, cancellationToken)
              ?? throw new AppException(ErrorCodes.NotFound, "No such token.")
            : null;

        var totpLeft = await db.Tokens.CountAsync(t => t.UserId == command.UserId && t.State == TokenState.Active && t.Id != command.TokenId, cancellationToken);
        var keysLeft = await db.SecurityKeys.CountAsync(k => k.UserId == command.UserId && k.State == TokenState.Active && k.Id != command.TokenId, cancellationToken);
        if (token is not null && totpLeft == 0 && keysLeft > 0 && !command.ConfirmLastTotp)
            throw new AppException(ErrorCodes.ConfirmationRequired,
                "This is your last verification app. Without it you can sign in only with your security keys: confirm that this is what you want.");

        // The consequence (MFA off and the backup codes retired, if this was the last factor) commits with the removal
        // and is delivered right after it, or by the outbox after a crash (ADR 0013).
        var reason = totpLeft + keysLeft == 0 ? "LAST_TOKEN" : null;
        if (key is not null)
            key.Remove(now, actor, reason);
        else
            token!.Remove(now, actor, reason);
        await db.SaveChangesAsync(cancellationToken);
        // Asked again after the commit: of two concurrent removals of the last two factors, each saw one left.
        var mfaTurnedOff = !await db.Tokens.AnyAsync(t => t.UserId == command.UserId && t.State == TokenState.Active, CancellationToken.None)
                           && !await db.SecurityKeys.AnyAsync(k => k.UserId == command.UserId && k.State == TokenState.Active, CancellationToken.None);
        return new RemovedToken(command.TokenId, mfaTurnedOff);
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
            .Description("Removes one of your tokens (a verification app or a security key). Needs a recent second factor (step-up: verifyStepUp). " +
                         "Removing the last one turns MFA off.")
            .Argument<NonNullGraphType<IdGraphType>>("tokenId")
            .Argument<BooleanGraphType>("confirmLastTotp", "Needed to remove your last verification app while security keys remain (CONFIRMATION_REQUIRED otherwise).")
            .ResolveAsync(async c => await c.Send(new RemoveToken(c.RequireUserId(), c.GetIdArgument("tokenId"), c.GetArgument("confirmLastTotp", false))));
}
