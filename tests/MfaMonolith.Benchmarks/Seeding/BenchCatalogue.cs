using System.Globalization;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>
/// The service catalogue the benchmark runs on: 50 relying parties in 8 categories, a federation's mix of SAML entityIDs
/// and OIDC client_ids. The Host's own migrator seeds it (from <c>Mfa:ServiceCatalog:Categories</c>) into the empty database.
/// </summary>
internal static class BenchCatalogue
{
    public const int CategoryCount = 8;
    public const int RelyingPartyCount = 50;

    public static string CategoryId(int category) => $"category-{category}";

    /// <summary>Relying party <paramref name="index"/> sits in category <c>index % 8</c>; every third one is an OIDC client.</summary>
    public static string RelyingPartyId(int index) => index % 3 == 0
        ? $"oidc-client-{index:D2}"
        : $"https://sp{index:D2}.service.example.org/shibboleth";

    public static int CategoryOf(int relyingParty) => relyingParty % CategoryCount;

    /// <summary>Services the ProxyIdP fronts that nobody put in the catalogue.</summary>
    public static string UnknownRelyingPartyId(int index) => $"https://unlisted{index}.example.net/sp";

    /// <summary>The catalogue as configuration keys, as an operator would declare it.</summary>
    public static IEnumerable<KeyValuePair<string, string>> AsConfiguration()
    {
        var next = new int[CategoryCount];
        for (var category = 0; category < CategoryCount; category++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Mfa:ServiceCatalog:Categories:{category}");
            yield return new($"{prefix}:Id", CategoryId(category));
            yield return new($"{prefix}:Label", string.Create(CultureInfo.InvariantCulture, $"Bench category {category}"));
        }

        for (var rp = 0; rp < RelyingPartyCount; rp++)
        {
            var category = CategoryOf(rp);
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Mfa:ServiceCatalog:Categories:{category}:RelyingParties:{next[category]++}");
            yield return new($"{prefix}:Id", RelyingPartyId(rp));
            yield return new($"{prefix}:Label", string.Create(CultureInfo.InvariantCulture, $"Bench service {rp}"));
        }
    }
}
