using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.GetTokenStatus;

/// <summary>
/// Answers from the tokens' own history (activated, ended), not from the state now: a consequence delivered late — a
/// redelivery after a crash, after the user enrolled again — still decides about the moment it happened.
/// </summary>
internal sealed class HadActiveTokenAtHandler(TokensDbContext db) : IQueryHandler<HadActiveTokenAt, bool>
{
    public async ValueTask<bool> Handle(HadActiveTokenAt query, CancellationToken cancellationToken) =>
        await db.Tokens.AsNoTracking().AnyAsync(
            t => t.UserId == query.UserId && t.ActivatedAt != null && t.ActivatedAt <= query.At && (t.EndedAt == null || t.EndedAt > query.At),
            cancellationToken)
        // A security key is a factor as much as a TOTP token: while one is left, MFA stays on and the codes stay valid.
        || await db.SecurityKeys.AsNoTracking().AnyAsync(
            k => k.UserId == query.UserId && k.CreatedAt <= query.At && (k.EndedAt == null || k.EndedAt > query.At),
            cancellationToken);
}
