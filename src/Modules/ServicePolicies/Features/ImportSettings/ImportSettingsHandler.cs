using Mediator;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.ImportSettings;

internal sealed class ImportSettingsHandler(ServicePoliciesDbContext db, CatalogCache catalog, TimeProvider clock)
    : ICommandHandler<Contracts.ImportSettings, IReadOnlyList<SettingImportOutcome>>
{
    public async ValueTask<IReadOnlyList<SettingImportOutcome>> Handle(Contracts.ImportSettings command, CancellationToken ct)
    {
        catalog.Invalidate();
        var snapshot = await catalog.GetAsync(db, ct);
        var users = command.Settings.Select(s => s.UserId).Distinct(StringComparer.Ordinal).ToList();
        var stored = await db.Settings.Where(s => users.Contains(s.UserId)).ToDictionaryAsync(s => s.UserId, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow();
        var outcomes = new List<SettingImportOutcome>(command.Settings.Count);
        foreach (var setting in command.Settings)
        {
            if (Refusal(setting, snapshot) is { } refusal)
            {
                outcomes.Add(new SettingImportOutcome(false, refusal));
                continue;
            }

            var existing = stored.GetValueOrDefault(setting.UserId);
            if (existing is not null && Same(existing, setting))
            {
                outcomes.Add(SettingImportOutcome.Unchanged);
                continue;
            }

            outcomes.Add(new SettingImportOutcome(true));
            if (command.DryRun)
                continue;
            if (existing is null)
            {
                existing = MfaSetting.For(setting.UserId);
                db.Settings.Add(existing);
                stored[setting.UserId] = existing;
            }

            // SETTINGS_CHANGED by the import, staged by the save below (ADR 0013).
            if (setting.All)
                existing.RequireAll(now, command.Actor);
            else
                existing.RequireSelected(setting.IncludeCategories, setting.ExcludeRelyingParties, now, command.Actor);
        }

        if (!command.DryRun)
        {
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return outcomes;
    }

    /// <summary>Perun's own checks of <c>mfaEnforceSettings</c>, as <c>saveServiceSettings</c> makes them.</summary>
    private static string? Refusal(SettingToImport setting, CatalogSnapshot snapshot)
    {
        if (string.IsNullOrWhiteSpace(setting.UserId) || setting.UserId.Length > 256)
            return "the user is missing or longer than 256 characters";
        if (setting.All && (setting.IncludeCategories.Count > 0 || setting.ExcludeRelyingParties.Count > 0))
            return "\"all\" together with categories or exclusions";
        if (!setting.All && setting.IncludeCategories.Count == 0)
            return "neither \"all\" nor any include_categories";
        if (setting.IncludeCategories.FirstOrDefault(id => !snapshot.CategoryIds.Contains(id)) is { } unknownCategory)
            return $"unknown category '{Shown(unknownCategory)}'";
        if (setting.ExcludeRelyingParties.FirstOrDefault(id => !snapshot.CategoryOfRelyingParty.ContainsKey(id)) is { } unknownService)
            return $"unknown relying party '{Shown(unknownService)}' in exclude_rps";
        if (setting.ExcludeRelyingParties.FirstOrDefault(id => !setting.IncludeCategories.Contains(snapshot.CategoryOfRelyingParty[id])) is { } stray)
            return $"excluded relying party '{Shown(stray)}' is not in an included category";
        return null;
    }

    private static bool Same(MfaSetting stored, SettingToImport setting) =>
        setting.All
            ? stored.Mode == MfaSettingMode.All
            : stored.Mode == MfaSettingMode.Selected
              && stored.IncludedCategories.Order(StringComparer.Ordinal).SequenceEqual(setting.IncludeCategories.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
              && stored.ExcludedRelyingParties.Order(StringComparer.Ordinal).SequenceEqual(setting.ExcludeRelyingParties.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string Shown(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

internal sealed class ExportSettingsHandler(ServicePoliciesDbContext db) : IQueryHandler<ExportSettings, IReadOnlyList<SettingToImport>>
{
    public async ValueTask<IReadOnlyList<SettingToImport>> Handle(ExportSettings query, CancellationToken ct)
    {
#pragma warning disable CA1309 // Translated to SQL, where the comparison is the column's (ordinal on both providers).
        var settings = await db.Settings.AsNoTracking()
            .Where(s => s.Mode != MfaSettingMode.None && (query.After == null || string.Compare(s.UserId, query.After) > 0))
            .OrderBy(s => s.UserId).Take(query.First).ToListAsync(ct);
#pragma warning restore CA1309
        return [.. settings.Select(s => new SettingToImport(s.UserId, s.Mode == MfaSettingMode.All, s.IncludedCategories, s.ExcludedRelyingParties))];
    }
}
