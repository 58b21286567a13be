using Mediator;

namespace MfaMonolith.Modules.ServicePolicies.Contracts;

/// <summary>
/// Brings in users' settings from Perun's <c>mfaEnforceSettings</c>, one batch per transaction, validated as Perun
/// validates them against this catalogue: an unknown category, or an exclusion outside the included categories, refuses
/// that setting only. A setting equal to the one stored is left unchanged, so a re-run changes nothing.
/// </summary>
/// <param name="DryRun">Only tells what would happen; writes nothing.</param>
public sealed record ImportSettings(IReadOnlyList<SettingToImport> Settings, string Actor, bool DryRun = false) : ICommand<IReadOnlyList<SettingImportOutcome>>;

/// <summary><paramref name="All"/>, or <paramref name="IncludeCategories"/> minus <paramref name="ExcludeRelyingParties"/>.</summary>
public sealed record SettingToImport(string UserId, bool All, IReadOnlyList<string> IncludeCategories, IReadOnlyList<string> ExcludeRelyingParties);

/// <param name="Refusal">Why the setting was refused; null when it was imported or found unchanged.</param>
public sealed record SettingImportOutcome(bool Imported, string? Refusal = null)
{
    public static readonly SettingImportOutcome Unchanged = new(false);
}

/// <summary>Every user's setting that is not nothing, ordered by user, a page at a time (for <c>export settings</c>).</summary>
public sealed record ExportSettings(string? After, int First) : IQuery<IReadOnlyList<SettingToImport>>;
