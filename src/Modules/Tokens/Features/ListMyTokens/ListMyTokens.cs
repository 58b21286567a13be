using Mediator;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.ListMyTokens;

internal sealed record ListMyTokens(string UserId) : IQuery<IReadOnlyList<TokenView>>;

/// <summary>A token as its owner sees it: never the secret.</summary>
/// <param name="Imported">Brought over from another system (<c>import tokens</c>) rather than enrolled here.</param>
/// <param name="IsSecurityKey">A WebAuthn security key or passkey rather than a TOTP app.</param>
internal sealed record TokenView(Guid Id, string Description, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, bool Imported = false, bool IsSecurityKey = false)
{
    public static TokenView Of(SecurityKey key) => new(key.Id, key.Description, key.CreatedAt, key.LastUsedAt, IsSecurityKey: true);
}

internal sealed class ListMyTokensHandler(TokensDbContext db) : IQueryHandler<ListMyTokens, IReadOnlyList<TokenView>>
{
    public async ValueTask<IReadOnlyList<TokenView>> Handle(ListMyTokens query, CancellationToken cancellationToken)
    {
        var totp = await db.Tokens.AsNoTracking()
            .Where(t => t.UserId == query.UserId && t.State == TokenState.Active)
            .Select(t => new TokenView(t.Id, t.Description, t.CreatedAt, t.LastUsedAt, t.ImportSerial != null, false))
            .ToListAsync(cancellationToken);
        var keys = await db.SecurityKeys.AsNoTracking()
            .Where(k => k.UserId == query.UserId && k.State == TokenState.Active)
            .Select(k => new TokenView(k.Id, k.Description, k.CreatedAt, k.LastUsedAt, false, true))
            .ToListAsync(cancellationToken);
        return [.. totp.Concat(keys).OrderBy(t => t.CreatedAt)];
    }
}
