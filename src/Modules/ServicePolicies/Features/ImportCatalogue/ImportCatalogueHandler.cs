using Mediator;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.ImportCatalogue;

internal sealed class ImportCatalogueHandler(ServicePoliciesDbContext db, CatalogCache cache, SecurityEventOutbox outbox, TimeProvider clock)
    : ICommandHandler<Contracts.ImportCatalogue, IReadOnlyList<CategoryImportOutcome>>
{
    public const int MaxRelyingPartiesPerCategory = 10_000;

    public async ValueTask<IReadOnlyList<CategoryImportOutcome>> Handle(Contracts.ImportCatalogue command, CancellationToken ct)
    {
        var categories = await db.Categories.Include(c => c.RelyingParties).ToDictionaryAsync(c => c.Id, StringComparer.Ordinal, ct);
        var relyingParties = categories.Values.SelectMany(c => c.RelyingParties).ToDictionary(rp => rp.Id, StringComparer.Ordinal);
        // First which categories can be stored at all: a service named by one of them moves there, it does not leave.
        var claimed = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var refusals = new List<string?>(command.Categories.Count);
        foreach (var category in command.Categories)
        {
            var refusal = Refusal(category, claimed) ?? (seen.Add(category.Id) ? null : "named twice");
            refusals.Add(refusal);
            if (refusal is null)
            {
                foreach (var rp in category.RelyingParties)
                    claimed[rp.Id] = category.Id;
            }
        }

        var forgotten = new List<string>();
        var now = clock.GetUtcNow();
        var outcomes = new List<CategoryImportOutcome>(command.Categories.Count);
        for (var i = 0; i < command.Categories.Count; i++)
        {
            var category = command.Categories[i];
            if (refusals[i] is { } refusal)
            {
                outcomes.Add(CategoryImportOutcome.Refused(refusal));
                continue;
            }

            var existing = categories.GetValueOrDefault(category.Id);
            // Its services as they are now: an earlier category of this import may have taken some of them.
            var current = relyingParties.Values.Where(rp => rp.CategoryId == category.Id).ToList();
            if (existing is not null && Same(existing, current, category))
            {
                outcomes.Add(CategoryImportOutcome.Unchanged);
                continue;
            }

            var named = category.RelyingParties.Select(rp => rp.Id).ToHashSet(StringComparer.Ordinal);
            var removed = current.Where(rp => !named.Contains(rp.Id) && !claimed.ContainsKey(rp.Id)).Select(rp => rp.Id).Order(StringComparer.Ordinal).ToList();
            outcomes.Add(new CategoryImportOutcome(true, null, removed));

            if (existing is null)
            {
                existing = new ServiceCategory(category.Id, category.Id);
                db.Categories.Add(existing);
                categories[category.Id] = existing;
            }

            existing.Relabel(category.Labels);
            foreach (var gone in removed)
            {
                db.RelyingParties.Remove(relyingParties[gone]);
                relyingParties.Remove(gone);
                forgotten.Add(gone);
            }

            foreach (var wanted in category.RelyingParties)
            {
                if (relyingParties.TryGetValue(wanted.Id, out var rp))
                {
                    if (rp.CategoryId != category.Id)
                    {
                        // Moved here from another category: an exclusion was meant within that one (ChangeCatalog does the same).
                        rp.CategoryId = category.Id;
                        forgotten.Add(rp.Id);
                    }
                }
                else
                {
                    rp = new RelyingParty(wanted.Id, wanted.Id, category.Id);
                    db.RelyingParties.Add(rp);
                    relyingParties[wanted.Id] = rp;
                }

                rp.Relabel(wanted.Labels);
            }

            outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.AdminAction, null, command.Actor, now,
                Reason: "ImportServiceCategory", Detail: category.Id));
        }

        // A dry run makes the same changes to the tracked entities, so that later categories see earlier ones, and saves none.
        if (command.DryRun || outcomes.All(o => !o.Imported))
        {
            db.ChangeTracker.Clear();
            return outcomes;
        }

        await ForgetExclusionsAsync(forgotten, now, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        cache.Invalidate();
        return outcomes;
    }

    private static string? Refusal(CategoryToImport category, Dictionary<string, string> claimed)
    {
        if (!IsId(category.Id, 128))
            return "a category id is 1–128 characters, without control characters";
        if (CatalogueLabels.Refusal(category.Labels) is { } labels)
            return "label: " + labels;
        if (category.RelyingParties.Count > MaxRelyingPartiesPerCategory)
            return $"more than {MaxRelyingPartiesPerCategory} services";
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rp in category.RelyingParties)
        {
            if (!IsId(rp.Id, 1024))
                return "a service id is 1–1024 characters, without control characters";
            if (!ids.Add(rp.Id))
                return $"service {rp.Id} is named twice";
            if (claimed.TryGetValue(rp.Id, out var other))
                return $"service {rp.Id} is already in category {other}";
            if (CatalogueLabels.Refusal(rp.Labels) is { } rpLabels)
                return $"service {rp.Id}: {rpLabels}";
        }

        return null;
    }

    private static bool IsId(string id, int maxLength) => id.Length > 0 && id.Length <= maxLength && id.Trim().Length == id.Length && !id.Any(char.IsControl);

    private static bool Same(ServiceCategory stored, List<RelyingParty> storedServices, CategoryToImport wanted)
    {
        if (!CatalogueLabels.Same(stored.EffectiveLabels, Effective(wanted.Labels, wanted.Id)) || storedServices.Count != wanted.RelyingParties.Count)
            return false;
        var storedParties = storedServices.ToDictionary(rp => rp.Id, StringComparer.Ordinal);
        return wanted.RelyingParties.All(rp => storedParties.TryGetValue(rp.Id, out var s) && CatalogueLabels.Same(s.EffectiveLabels, Effective(rp.Labels, rp.Id)));
    }

    private static SortedDictionary<string, string> Effective(IReadOnlyDictionary<string, string> labels, string id) =>
        CatalogueLabels.Effective(labels, CatalogueLabels.SingleLabel(labels, id));

    /// <summary>Users' exclusions of services that left the catalogue or changed category, read once for the whole import.</summary>
    private async Task ForgetExclusionsAsync(List<string> relyingParties, DateTimeOffset now, CancellationToken ct)
    {
        if (relyingParties.Count == 0)
            return;
        foreach (var setting in await db.Settings.ToListAsync(ct))
        {
            foreach (var rp in relyingParties.Where(setting.ExcludedRelyingParties.Contains).ToList())
                setting.ForgetRelyingParty(rp, now);
        }
    }
}

internal sealed class ExportCatalogueHandler(ServicePoliciesDbContext db) : IQueryHandler<ExportCatalogue, IReadOnlyList<CategoryToImport>>
{
    public async ValueTask<IReadOnlyList<CategoryToImport>> Handle(ExportCatalogue query, CancellationToken ct)
    {
        var categories = await db.Categories.AsNoTracking().Include(c => c.RelyingParties).OrderBy(c => c.Id).ToListAsync(ct);
        return [.. categories.Select(c => new CategoryToImport(c.Id, c.EffectiveLabels,
            [.. c.RelyingParties.OrderBy(rp => rp.Id, StringComparer.Ordinal).Select(rp => new RelyingPartyToImport(rp.Id, rp.EffectiveLabels))]))];
    }
}
