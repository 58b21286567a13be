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
    public string Label { get; set; } = "";
    public List<RelyingParty> RelyingParties { get; private set; } = [];
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
    public string Label { get; set; } = "";
    public string CategoryId { get; set; } = "";
}

/// <summary>The catalogue as the policy reads it: which category each relying party belongs to.</summary>
internal sealed record CatalogSnapshot(IReadOnlyDictionary<string, string> CategoryOfRelyingParty, IReadOnlySet<string> CategoryIds)
{
    public static readonly CatalogSnapshot Empty = new(new Dictionary<string, string>(), new HashSet<string>());
}
