using MfaMonolith.Modules.Tokens.Domain;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Persistence;

/// <summary>
/// The two conditional UPDATEs that make a WebAuthn answer count once: a ceremony is used by its first answer only,
/// and a key's signature counter only ever goes up — on one instance or several.
/// </summary>
internal static class SecurityKeySteps
{
    public static async Task<bool> TryUseAsync(this DbSet<WebAuthnCeremony> ceremonies, Guid ceremonyId, DateTimeOffset now, CancellationToken ct) =>
        await ceremonies
            .Where(c => c.Id == ceremonyId && c.UsedAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), ct) == 1;

    /// <summary>
    /// Accepts <paramref name="signCount"/> if it goes past the stored counter. An authenticator without a counter
    /// always answers 0; then only 0 is accepted, and never again once it has counted.
    /// </summary>
    public static async Task<bool> TryAcceptSignCountAsync(this DbSet<SecurityKey> keys, Guid keyId, uint signCount, DateTimeOffset now, CancellationToken ct)
    {
        long count = signCount;
        return await keys
            .Where(k => k.Id == keyId && k.State == TokenState.Active && (k.SignCount < count || (count == 0 && k.SignCount == 0)))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.SignCount, count).SetProperty(k => k.LastUsedAt, now), ct) == 1;
    }
}
