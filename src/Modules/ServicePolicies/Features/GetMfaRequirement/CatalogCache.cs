using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;

/// <summary>
/// The catalogue as the policy reads it, on every login. Changes made on this instance invalidate it at once;
/// changes made on another instance are seen within <see cref="MaxAge"/> (PRODUCT.md allows 5 seconds).
/// </summary>
internal sealed class CatalogCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(4);

    private volatile Entry? current;

    public async Task<CatalogSnapshot> GetAsync(ServicePoliciesDbContext db, CancellationToken ct)
    {
        var entry = current;
        if (entry is not null && Environment.TickCount64 - entry.LoadedAtTicks < MaxAge.TotalMilliseconds)
            return entry.Snapshot;

        var relyingParties = await db.RelyingParties.AsNoTracking().Select(rp => new { rp.Id, rp.CategoryId }).ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().Select(c => c.Id).ToListAsync(ct);
        var snapshot = new CatalogSnapshot(
            relyingParties.ToDictionary(rp => rp.Id, rp => rp.CategoryId, StringComparer.Ordinal),
            categories.ToHashSet(StringComparer.Ordinal));
        current = new Entry(snapshot, Environment.TickCount64);
        return snapshot;
    }

    public void Invalidate() => current = null;

    private sealed record Entry(CatalogSnapshot Snapshot, long LoadedAtTicks);
}
