using Mediator;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.ListMyTokens;

internal sealed record ListMyTokens(string UserId) : IQuery<IReadOnlyList<TokenView>>;

/// <summary>A token as its owner sees it: never the secret.</summary>
/// <param name="Imported">Brought over from another system (<c>import tokens</c>) rather than enrolled here.</param>
internal sealed record TokenView(Guid Id, string Description, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Imported = false);

internal sealed class ListMyTokensHandler(TokensDbContext db) : IQueryHandler<ListMyTokens, IReadOnlyList<TokenView>>
{
    public async ValueTask<IReadOnlyList<TokenView>> Handle(ListMyTokens query, CancellationToken cancellationToken) =>
        await db.Tokens.AsNoTracking()
            .Where(t => t.UserId == query.UserId && t.State == TokenState.Active)
            .OrderBy(t => t.CreatedAt)
            .Select(t => new TokenView(t.Id, t.Description, t.CreatedAt, t.LastUsedAt, t.ImportSerial != null))
            .ToListAsync(cancellationToken);
}
