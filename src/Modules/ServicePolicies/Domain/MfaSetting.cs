using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;

namespace MfaMonolith.Modules.ServicePolicies.Domain;

internal enum MfaSettingMode
{
    /// <summary>No personal setting: only services that ask for MFA get it.</summary>
    None = 0,
    All = 1,
    /// <summary>Included categories, minus excluded relying parties.</summary>
    Selected = 2,
}

/// <summary>
/// A user's choice (Perun's <c>mfaEnforceSettings</c>): nothing, <c>all</c>, or <c>includeCategories</c> with optional
/// <c>excludeRps</c>. Only the policy reads it, and only beside an active token. A choice made raises SETTINGS_CHANGED,
/// staged by the save that writes it (ADR 0013); clearing and catalogue clean-ups are recorded by the admin action.
/// </summary>
internal sealed class MfaSetting : IRaisesSecurityEvents
{
    private readonly RaisedSecurityEvents raised = new();

    private MfaSetting() { }

    public string UserId { get; private set; } = "";
    public MfaSettingMode Mode { get; private set; }
    public List<string> IncludedCategories { get; private set; } = [];
    public List<string> ExcludedRelyingParties { get; private set; } = [];
    public DateTimeOffset UpdatedAt { get; private set; }

    public static MfaSetting For(string userId) => new() { UserId = userId };

    public void RequireAll(DateTimeOffset now, string actor)
    {
        Set(MfaSettingMode.All, [], [], now);
        RaiseChanged(now, actor, "ALL");
    }

    public void RequireSelected(IEnumerable<string> categories, IEnumerable<string> excludedRelyingParties, DateTimeOffset now, string actor)
    {
        Set(MfaSettingMode.Selected, [.. categories.Distinct(StringComparer.Ordinal)], [.. excludedRelyingParties.Distinct(StringComparer.Ordinal)], now);
        RaiseChanged(now, actor, $"CATEGORIES:{string.Join(',', IncludedCategories)};EXCLUDED:{ExcludedRelyingParties.Count}");
    }

    public void Clear(DateTimeOffset now) => Set(MfaSettingMode.None, [], [], now);

    /// <summary>A category left the catalogue: it leaves the setting too, with its relying parties' exclusions.</summary>
    public void ForgetCategory(string categoryId, IReadOnlyCollection<string> itsRelyingParties, DateTimeOffset now)
    {
        IncludedCategories = [.. IncludedCategories.Where(c => c != categoryId)];
        ExcludedRelyingParties = [.. ExcludedRelyingParties.Where(rp => !itsRelyingParties.Contains(rp))];
        UpdatedAt = now;
    }

    /// <summary>A service left the catalogue or moved to another category: its exclusion no longer means anything.</summary>
    public void ForgetRelyingParty(string relyingPartyId, DateTimeOffset now)
    {
        ExcludedRelyingParties = [.. ExcludedRelyingParties.Where(rp => rp != relyingPartyId)];
        UpdatedAt = now;
    }

    public IReadOnlyList<RaisedSecurityEvent> TakeRaised() => raised.Take();

    private void RaiseChanged(DateTimeOffset now, string actor, string reason) =>
        raised.Raise(new SecurityEventOccurred(SecurityEventType.SettingsChanged, UserId, actor, now, Reason: reason));

    private void Set(MfaSettingMode mode, List<string> categories, List<string> excluded, DateTimeOffset now)
    {
        Mode = mode;
        IncludedCategories = categories;
        ExcludedRelyingParties = excluded;
        UpdatedAt = now;
    }
}
