namespace MfaMonolith.Modules.ServicePolicies.Domain;

/// <summary>A group of services users can require MFA for together, e.g. "Research infrastructure".</summary>
internal sealed class ServiceCategory
{
    private ServiceCategory() { }

    public ServiceCategory(string id, string label)
    {
        Id = id;
        Label = label;
    }

    public string Id { get; private set; } = "";
    public string Label { get; private set; } = "";

    /// <summary>Labels per language; empty for a category made with one label (see <see cref="CatalogueLabels"/>).</summary>
    public Dictionary<string, string> Labels { get; private set; } = new(StringComparer.Ordinal);

    public List<RelyingParty> RelyingParties { get; private set; } = [];

    public SortedDictionary<string, string> EffectiveLabels => CatalogueLabels.Effective(Labels, Label);

    /// <summary>One label, in the default language: the other languages' labels stay.</summary>
    public void Relabel(string label) => (Label, Labels) = CatalogueLabels.WithDefault(Labels, label);

    public void Relabel(IReadOnlyDictionary<string, string> labels) => (Label, Labels) = (CatalogueLabels.SingleLabel(labels, Id), new(labels, StringComparer.Ordinal));
}

/// <summary>A service behind the ProxyIdP: a SAML entityID or an OIDC client_id (any string), unique in the catalogue.</summary>
internal sealed class RelyingParty
{
    private RelyingParty() { }

    public RelyingParty(string id, string label, string categoryId)
    {
        Id = id;
        Label = label;
        CategoryId = categoryId;
    }

    public string Id { get; private set; } = "";
    public string Label { get; private set; } = "";

    /// <inheritdoc cref="ServiceCategory.Labels"/>
    public Dictionary<string, string> Labels { get; private set; } = new(StringComparer.Ordinal);

    public string CategoryId { get; set; } = "";

    public SortedDictionary<string, string> EffectiveLabels => CatalogueLabels.Effective(Labels, Label);

    /// <inheritdoc cref="ServiceCategory.Relabel(string)"/>
    public void Relabel(string label) => (Label, Labels) = CatalogueLabels.WithDefault(Labels, label);

    public void Relabel(IReadOnlyDictionary<string, string> labels) => (Label, Labels) = (CatalogueLabels.SingleLabel(labels, Id), new(labels, StringComparer.Ordinal));
}

/// <summary>The catalogue as the policy reads it: which category each relying party belongs to.</summary>
internal sealed record CatalogSnapshot(IReadOnlyDictionary<string, string> CategoryOfRelyingParty, IReadOnlySet<string> CategoryIds)
{
    public static readonly CatalogSnapshot Empty = new(new Dictionary<string, string>(), new HashSet<string>());
}
