using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.GetTokenStatus;

internal sealed class GetTokenStatusHandler(TokensDbContext db, TimeProvider clock) : IQueryHandler<Contracts.GetTokenStatus, TokenStatus>
{
    // Every login asks this (mfaRequirement, verifySecondFactor): compiled, it skips EF's per-call query translation lookup.
    private static readonly CompiledPerModel<Func<TokensDbContext, string, DateTimeOffset, IAsyncEnumerable<LiveToken>>> LiveTokens = new(() =>
        EF.CompileAsyncQuery((TokensDbContext db, string userId, DateTimeOffset now) => db.Tokens.AsNoTracking()
            .Where(t => t.UserId == userId && (t.State == TokenState.Active || (t.State == TokenState.Pending && t.PendingUntil > now)))
            .Select(t => new LiveToken(t.Id, t.State))));

    public async ValueTask<TokenStatus> Handle(Contracts.GetTokenStatus query, CancellationToken cancellationToken)
    {
        var tokens = new List<LiveToken>(2);
        await foreach (var token in LiveTokens.For(db)(db, query.UserId, clock.GetUtcNow()).WithCancellation(cancellationToken))
            tokens.Add(token);
        return new TokenStatus(
            tokens.Count(t => t.State == TokenState.Active),
            tokens.Where(t => t.State == TokenState.Pending).Select(t => (Guid?)t.Id).LastOrDefault());
    }
}

internal sealed record LiveToken(Guid Id, TokenState State);
