using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.GetTokenStatus;

internal sealed class GetTokenStatusHandler(TokensDbContext db, TimeProvider clock) : IQueryHandler<Contracts.GetTokenStatus, TokenStatus>
{
    // Every login asks this (mfaRequirement, verifySecondFactor): compiled, it skips EF's per-call query translation
    // lookup, and one statement answers for both kinds of token.
    private static readonly CompiledPerModel<Func<TokensDbContext, string, DateTimeOffset, IAsyncEnumerable<LiveToken>>> LiveTokens = new(() =>
        EF.CompileAsyncQuery((TokensDbContext db, string userId, DateTimeOffset now) => db.Tokens.AsNoTracking()
            .Where(t => t.UserId == userId && (t.State == TokenState.Active || (t.State == TokenState.Pending && t.PendingUntil > now)))
            .Select(t => new LiveToken { Id = t.Id, State = t.State, IsSecurityKey = false })
            .Concat(db.SecurityKeys.AsNoTracking()
                .Where(k => k.UserId == userId && k.State == TokenState.Active)
                .Select(k => new LiveToken { Id = k.Id, State = k.State, IsSecurityKey = true }))));

    public async ValueTask<TokenStatus> Handle(Contracts.GetTokenStatus query, CancellationToken cancellationToken)
    {
        var tokens = new List<LiveToken>(2);
        await foreach (var token in LiveTokens.For(db)(db, query.UserId, clock.GetUtcNow()).WithCancellation(cancellationToken))
            tokens.Add(token);
        return new TokenStatus(
            tokens.Count(t => t.State == TokenState.Active && !t.IsSecurityKey),
            tokens.Where(t => t.State == TokenState.Pending).Select(t => (Guid?)t.Id).LastOrDefault(),
            tokens.Count(t => t.IsSecurityKey));
    }
}

internal sealed class LiveToken
{
    public Guid Id { get; init; }
    public TokenState State { get; init; }
    public bool IsSecurityKey { get; init; }
}
