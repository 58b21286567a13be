using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.GetTokenStatus;

internal sealed class GetTokenStatusHandler(TokensDbContext db, TimeProvider clock) : IQueryHandler<Contracts.GetTokenStatus, TokenStatus>
{
    public async ValueTask<TokenStatus> Handle(Contracts.GetTokenStatus query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tokens = await db.Tokens.AsNoTracking()
            .Where(t => t.UserId == query.UserId && (t.State == TokenState.Active || (t.State == TokenState.Pending && t.PendingUntil > now)))
            .Select(t => new { t.Id, t.State })
            .ToListAsync(cancellationToken);
        return new TokenStatus(
            tokens.Count(t => t.State == TokenState.Active),
            tokens.Where(t => t.State == TokenState.Pending).Select(t => (Guid?)t.Id).LastOrDefault());
    }
}
