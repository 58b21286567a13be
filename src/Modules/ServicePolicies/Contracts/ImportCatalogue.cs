using Mediator;

namespace MfaMonolith.Modules.ServicePolicies.Contracts;

/// <summary>
/// Brings in Perun's <c>mfaCategories</c>: each category named is made equal to the one given — its labels per language
/// and its relying parties (a relying party in another category moves; one no longer named leaves the catalogue, and
/// users' exclusions of it are forgotten). Categories not named stay as they are. One transaction for all; a category
/// that cannot be stored is refused alone, and a category equal to the stored one is left unchanged.
/// </summary>
/// <param name="DryRun">Only tells what would happen; writes nothing.</param>
public sealed record ImportCatalogue(IReadOnlyList<CategoryToImport> Categories, string Actor, bool DryRun = false) : ICommand<IReadOnlyList<CategoryImportOutcome>>;

/// <param name="Labels">Language tag → label, e.g. <c>en</c> → "Research infrastructure".</param>
public sealed record CategoryToImport(string Id, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<RelyingPartyToImport> RelyingParties)
{
    /// <summary>The language of a label given without one, and of every entry's single label.</summary>
    public const string DefaultLanguage = "en";
}

/// <param name="Id">A SAML entityID or an OIDC client_id.</param>
public sealed record RelyingPartyToImport(string Id, IReadOnlyDictionary<string, string> Labels);

/// <param name="Refusal">Why the category was refused; null when it was imported or found unchanged.</param>
/// <param name="RemovedRelyingParties">Relying parties the category had and the import removed from the catalogue.</param>
public sealed record CategoryImportOutcome(bool Imported, string? Refusal, IReadOnlyList<string> RemovedRelyingParties)
{
    public static readonly CategoryImportOutcome Unchanged = new(false, null, []);

    public static CategoryImportOutcome Refused(string reason) => new(false, reason, []);
}

/// <summary>The whole catalogue in Perun's shape (for <c>export catalogue</c>): every category and relying party with its labels.</summary>
public sealed record ExportCatalogue : IQuery<IReadOnlyList<CategoryToImport>>;
