using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.Administration;

internal sealed class AdminTokenHandlers(TokensDbContext db, TimeProvider clock)
    : IQueryHandler<ListUserTokens, IReadOnlyList<AdminTokenView>>, IQueryHandler<FindTokenUsers, TokenUserPage>, ICommandHandler<RevokeTokensByAdmin, int>, IQueryHandler<GetTokenFigures, TokenFigures>
{
    public async ValueTask<IReadOnlyList<AdminTokenView>> Handle(ListUserTokens query, CancellationToken ct)
    {
        var totp = (await db.Tokens.AsNoTracking().Where(t => t.UserId == query.UserId && t.State != TokenState.Expired).ToListAsync(ct))
            .Select(t => new AdminTokenView(t.Id, t.Description, t.State.ToString().ToUpperInvariant(), t.CreatedAt, t.LastUsedAt, t.EndedAt));
        var keys = (await db.SecurityKeys.AsNoTracking().Where(k => k.UserId == query.UserId).ToListAsync(ct))
            .Select(k => new AdminTokenView(k.Id, k.Description, k.State.ToString().ToUpperInvariant(), k.CreatedAt, k.LastUsedAt, k.EndedAt, SecurityKey.Method, k.AaGuid));
        return [.. totp.Concat(keys).OrderByDescending(t => t.CreatedAt)];
    }

    public async ValueTask<TokenFigures> Handle(GetTokenFigures query, CancellationToken ct)
    {
        var active = db.Tokens.AsNoTracking().Where(t => t.State == TokenState.Active);
        var activeKeys = db.SecurityKeys.AsNoTracking().Where(k => k.State == TokenState.Active);
        var users = await active.Select(t => t.UserId).Union(activeKeys.Select(k => k.UserId)).ToListAsync(ct);
        return new TokenFigures(users, await active.CountAsync(ct) + await activeKeys.CountAsync(ct));
    }

    public async ValueTask<TokenUserPage> Handle(FindTokenUsers query, CancellationToken ct)
    {
        var users = db.Tokens.AsNoTracking().Where(t => t.State != TokenState.Expired).Select(t => t.UserId)
            .Union(db.SecurityKeys.AsNoTracking().Select(k => k.UserId));
        if (!string.IsNullOrEmpty(query.IdPrefix))
            users = users.Where(u => u.StartsWith(query.IdPrefix));
        var total = await users.CountAsync(ct);
        if (query.After is not null)
        {
            // Translated to SQL's own comparison (the one ORDER BY uses); an ordinal overload would not translate.
#pragma warning disable CA1309
            users = users.Where(u => string.Compare(u, query.After) > 0);
#pragma warning restore CA1309
        }

        var page = await users.OrderBy(u => u).Take(query.First + 1).ToListAsync(ct);
        var hasNext = page.Count > query.First;
        return new TokenUserPage(hasNext ? page[..query.First] : page, hasNext, total);
    }

    public async ValueTask<int> Handle(RevokeTokensByAdmin command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tokens = await db.Tokens
            .Where(t => t.UserId == command.UserId && (t.State == TokenState.Active || t.State == TokenState.Pending)
                        && (command.TokenId == null || t.Id == command.TokenId))
            .ToListAsync(ct);
        var keys = await db.SecurityKeys
            .Where(k => k.UserId == command.UserId && k.State == TokenState.Active && (command.TokenId == null || k.Id == command.TokenId))
            .ToListAsync(ct);
        if (command.TokenId is not null && tokens.Count + keys.Count == 0)
            throw new AppException(ErrorCodes.NotFound, "That user has no such active token.");
        var actor = "admin:" + command.AdminId;
        // Each removal carries its consequence in the outbox (ADR 0013): the last one turns MFA off.
        foreach (var token in tokens)
            token.Revoke(now, actor, command.Reason);
        foreach (var key in keys)
            key.Remove(now, actor, command.Reason);

        await db.SaveChangesAsync(ct);
        return tokens.Count + keys.Count;
    }
}
