using BenchmarkDotNet.Attributes;
using MfaMonolith.Benchmarks.Seeding;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;

namespace MfaMonolith.Benchmarks.Micro;

/// <summary>The policy decision (<see cref="MfaPolicy.Evaluate"/>) on the load benchmark's catalogue, rule by rule.</summary>
[MemoryDiagnoser]
public class PolicyDecisionBenchmarks
{
    private static readonly string[] NothingAsked = [];

    private CatalogSnapshot catalog = CatalogSnapshot.Empty;
    private MfaSetting all = null!;
    private MfaSetting selected = null!;
    private string inIncludedCategory = "";
    private string excluded = "";

    [GlobalSetup]
    public void Setup()
    {
        var relyingParties = Enumerable.Range(0, BenchCatalogue.RelyingPartyCount).ToDictionary(
            BenchCatalogue.RelyingPartyId, rp => BenchCatalogue.CategoryId(BenchCatalogue.CategoryOf(rp)), StringComparer.Ordinal);
        catalog = new CatalogSnapshot(relyingParties, Enumerable.Range(0, BenchCatalogue.CategoryCount).Select(BenchCatalogue.CategoryId).ToHashSet(StringComparer.Ordinal));
        var now = DateTimeOffset.UtcNow;
        all = MfaSetting.For("all");
        all.RequireAll(now, "user:all");
        // Categories 0–2, with relying party 0 (category 0) excluded.
        selected = MfaSetting.For("selected");
        selected.RequireSelected([BenchCatalogue.CategoryId(0), BenchCatalogue.CategoryId(1), BenchCatalogue.CategoryId(2)], [BenchCatalogue.RelyingPartyId(0)], now, "user:selected");
        inIncludedCategory = BenchCatalogue.RelyingPartyId(9);
        excluded = BenchCatalogue.RelyingPartyId(0);
    }

    [Benchmark(Baseline = true)]
    public object No_active_token() => MfaPolicy.Evaluate(false, 0, null, CatalogSnapshot.Empty, inIncludedCategory, NothingAsked);

    [Benchmark]
    public object Enforced_all() => MfaPolicy.Evaluate(true, 10, all, catalog, inIncludedCategory, NothingAsked);

    [Benchmark]
    public object Enforced_category() => MfaPolicy.Evaluate(true, 10, selected, catalog, inIncludedCategory, NothingAsked);

    [Benchmark]
    public object Excluded_relying_party() => MfaPolicy.Evaluate(true, 10, selected, catalog, excluded, NothingAsked);
}
