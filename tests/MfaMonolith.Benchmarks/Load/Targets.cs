using System.Globalization;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>A target of issue 12, met (PASS) or missed (MISS), or only informative (INFO), with the figure.</summary>
internal sealed record Verdict(bool? Met, string Text)
{
    public override string ToString() => $"{(Met is null ? "INFO" : Met.Value ? "PASS" : "MISS")}  {Text}";
}

/// <summary>Issue 12's targets, judged on one run's figures (ratios within the run, so the shared machine's noise cancels).</summary>
internal static class Targets
{
    private const int MillionUsers = 1_000_000;

    public static IEnumerable<Verdict> Evaluate(LoadOptions options, IReadOnlyList<WrkResult> results, long peakResidentBytes, TimeSpan ready)
    {
        WrkResult Of(string name) => results.Single(r => r.Name == name);
        var plaintext = Of(Runs.Plaintext);
        var requirement = Of(Runs.Requirement);
        var accepted = Of(Runs.Accepted);

        yield return Share("/health/live", Of(Runs.HealthLive), plaintext, "plaintext", 0.60);
        yield return Share("mfaRequirement", requirement, plaintext, "plaintext", 0.25);
        yield return Share("mfaRequirement", requirement, Of(Runs.ReferenceGraphQL), "the reference GraphQL query", 0.60);
        yield return AtMost("mfaRequirement p99 at 64 connections", requirement.P99, 10);
        yield return AtMost("mfaRequirement p99 at 1 connection", Of(Runs.RequirementOneConnection).P99, 1);
        yield return Share("verifySecondFactor accepted", accepted, plaintext, "plaintext", 0.12);
        yield return AtMost("verifySecondFactor accepted p99", accepted.P99, 15);
        yield return AtMost("verifySecondFactor accepted max", accepted.Max, 140);
        yield return AsFast(Of(Runs.Replayed), accepted);
        yield return AsFast(Of(Runs.Invalid), accepted);
        var mib = peakResidentBytes / 1048576.0;
        yield return new Verdict(options.Users >= MillionUsers ? mib <= 250 : null,
            Text($"peak RSS ≤ 250 MiB with 1,000,000 users: {mib:F0} MiB with {options.Users:N0} users"));
        yield return new Verdict(ready.TotalSeconds <= 3, Text($"ready ≤ 3 s after start: {ready.TotalSeconds:F2} s"));
        yield return WithinTwice(Of(Runs.LoadedTotpProbe), Of(Runs.TotpProbe), "TOTP verification");
        yield return WithinTwice(Of(Runs.LoadedPolicyProbe), Of(Runs.PolicyProbe), "mfaRequirement");
        var errors = results.Sum(r => r.Errors);
        yield return new Verdict(errors == 0, Text($"every answer as expected (2xx, and the expected body): {errors:N0} that were not"));
        yield return new Verdict(null, "cost flat from 1,000 to 1,000,000 users (±20 %), PostgreSQL within 2× of SQLite: compare the tables of runs with other arguments");
    }

    private static Verdict Share(string what, WrkResult result, WrkResult reference, string referenceName, double target) =>
        new(result.Rps >= target * reference.Rps,
            Text($"{what} ≥ {target:P0} of {referenceName}: {result.Rps / reference.Rps:P1} ({result.Rps:N0} of {reference.Rps:N0} req/s)"));

    private static Verdict AtMost(string what, double milliseconds, double target) =>
        new(milliseconds <= target, Text($"{what} ≤ {target:0.##} ms: {milliseconds:F2} ms"));

    private static Verdict AsFast(WrkResult result, WrkResult accepted) =>
        new(result.Rps >= accepted.Rps && result.P99 <= accepted.P99,
            Text($"{result.Name} at least as fast as accepted: {result.Rps:N0} vs {accepted.Rps:N0} req/s, p99 {result.P99:F2} vs {accepted.P99:F2} ms"));

    private static Verdict WithinTwice(WrkResult loaded, WrkResult unloaded, string what) =>
        new(loaded.P99 <= 2 * unloaded.P99,
            Text($"{what} p99 under backup-code load ≤ 2× unloaded: {loaded.P99:F2} ms vs {unloaded.P99:F2} ms ({loaded.P99 / unloaded.P99:F1}×)"));

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
