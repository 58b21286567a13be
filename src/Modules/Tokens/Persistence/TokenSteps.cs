using MfaMonolith.Modules.Tokens.Domain;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Persistence;

/// <summary>
/// Accepting a time step is one conditional UPDATE: it succeeds only if no equal or later step was accepted
/// before, so two concurrent uses of one code (on one instance or several) cannot both succeed.
/// </summary>
internal static class TokenSteps
{
    public static async Task<bool> TryAcceptStepAsync(this DbSet<TotpToken> tokens, Guid tokenId, long step, DateTimeOffset now, CancellationToken ct) =>
        await tokens
            .Where(t => t.Id == tokenId && t.State == TokenState.Active && t.LastUsedStep < step)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedStep, step).SetProperty(t => t.LastUsedAt, now), ct) == 1;

    /// <summary>Activates a pending token with its first accepted step, only while it is still pending and unexpired.</summary>
    public static async Task<bool> TryActivateAsync(this DbSet<TotpToken> tokens, Guid tokenId, long step, DateTimeOffset now, CancellationToken ct) =>
        await tokens
            .Where(t => t.Id == tokenId && t.State == TokenState.Pending && t.PendingUntil > now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(t => t.State, TokenState.Active)
                .SetProperty(t => t.ActivatedAt, now)
                .SetProperty(t => t.LastUsedStep, step)
                .SetProperty(t => t.LastUsedAt, now), ct) == 1;
}
