namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// The runs, in order: the references, the policy, the verifications (accepted, replayed, invalid), then the probes
/// of TOTP and policy latency, unloaded and while backup codes are verified at full speed.
/// </summary>
internal sealed class RunSequence(LoadOptions options, Wrk wrk, BodyFiles bodies, FreshCodes codes, CancellationToken ct)
{
    private const int Connections = LoadOptions.Connections;
    private const int Threads = LoadOptions.Threads;

    /// <summary>The probes: one connection each, a pause of 10 ms before each request (at most ~100 requests a second).</summary>
    private const int ProbeIntervalMs = 10;

    /// <summary>The most lines a batch file gets (a 10 s run at 10,000 requests a second).</summary>
    private const int MaxBatch = 100_000;

    private readonly List<WrkResult> results = [];

    public async Task<IReadOnlyList<WrkResult>> AllAsync(Uri reference, Uri host)
    {
        var graphql = new Uri(host, "/graphql");
        var referenceQuery = bodies.Reference();
        var mix = bodies.RequirementMix();
        const string Requirement = "{\"data\":{\"mfaRequirement\":{\"required\":";

        await WarmThenMeasureAsync(run => WrkRun.Get(Runs.Plaintext, new Uri(reference, "/plaintext"), "Hello, World!", Connections, Threads, run));
        await WarmThenMeasureAsync(run => WrkRun.Cycle(Runs.ReferenceGraphQL, new Uri(reference, "/graphql"), referenceQuery, "{\"data\":{\"hello\":", Connections, Threads, run));
        await WarmThenMeasureAsync(run => WrkRun.Get(Runs.HealthLive, new Uri(host, "/health/live"), "Healthy", Connections, Threads, run));
        await WarmThenMeasureAsync(run => WrkRun.Cycle(Runs.Requirement, graphql, mix, Requirement, Connections, Threads, run));
        await MeasureAsync(WrkRun.Cycle(Runs.RequirementOneConnection, graphql, mix, Requirement, 1, 1, options.Run));

        await VerificationsAsync(graphql);

        var policyProbe = WrkRun.Cycle(Runs.PolicyProbe, graphql, mix, Requirement, 1, 1, options.Run, ProbeIntervalMs);
        await TogetherAsync(policyProbe, await TotpProbeAsync(Runs.TotpProbe, graphql));
        // Backup codes at full speed (after a few to warm the path up), the same probes beside them.
        await wrk.RunAsync(WrkRun.Each("backup codes warm-up", graphql, bodies.BackupCodes(2 * Connections), Accepted, Connections, Threads, options.WarmUp), ct);
        var backupCodes = WrkRun.Each(Runs.BackupCodes, graphql, bodies.BackupCodes(MaxBatch), Accepted, Connections, Threads, options.Run);
        await TogetherAsync(backupCodes, policyProbe with { Name = Runs.LoadedPolicyProbe }, await TotpProbeAsync(Runs.LoadedTotpProbe, graphql));
        return results;
    }

    private const string Accepted = "\"accepted\":true";

    /// <summary>
    /// Accepted codes for distinct users, a fixed batch sized from the warm-up's rate to last about one run; the same
    /// codes again (replays, while still in their window); then wrong codes spread so that nobody nears the lock-out.
    /// </summary>
    private async Task VerificationsAsync(Uri graphql)
    {
        var warmUp = await codes.TakeAsync(Math.Min(options.Users / 2, 20_000), options.WarmUp, ct);
        var warm = await wrk.RunAsync(WrkRun.Each("verification warm-up", graphql, bodies.Verifications("accepted-warm-up", warmUp), Accepted, Connections, Threads, options.WarmUp), ct);

        var size = Math.Clamp((int)(warm.Rps * options.Run.TotalSeconds), 4 * Connections, MaxBatch);
        // The batch, its replays, and a safety margin must all fit in the codes' window.
        var batch = await codes.TakeAsync(size, 3 * options.Run + TimeSpan.FromSeconds(5), ct);
        var accepted = bodies.Verifications("accepted", batch);
        await MeasureAsync(WrkRun.Each(Runs.Accepted, graphql, accepted, Accepted, Connections, Threads, 2 * options.Run));
        await MeasureAsync(WrkRun.Cycle(Runs.Replayed, graphql, accepted, "\"failureReason\":\"REPLAYED\"", Connections, Threads, options.Run));
        var wrong = bodies.WrongCodes(codes, Math.Min(BodyFiles.WrongCodesPerUser * options.Users, MaxBatch));
        await MeasureAsync(WrkRun.Each(Runs.Invalid, graphql, wrong, "\"failureReason\":\"INVALID_CODE\"", Connections, Threads, options.Run));
    }

    private async Task<WrkRun> TotpProbeAsync(string name, Uri graphql)
    {
        var count = (int)(options.Run.TotalSeconds * 1000 / ProbeIntervalMs);
        var fresh = await codes.TakeAsync(count, options.Run + TimeSpan.FromSeconds(5), ct);
        return WrkRun.Each(name, graphql, bodies.Verifications(name, fresh), Accepted, 1, 1, options.Run, ProbeIntervalMs);
    }

    private async Task WarmThenMeasureAsync(Func<TimeSpan, WrkRun> run)
    {
        await wrk.RunAsync(run(options.WarmUp) with { Name = "warm-up" }, ct);
        await MeasureAsync(run(options.Run));
    }

    private async Task MeasureAsync(WrkRun run) => await TogetherAsync(run);

    private async Task TogetherAsync(params WrkRun[] runs)
    {
        Report.Line($"running {string.Join(" + ", runs.Select(r => $"{r.Name} ({r.Connections} conn.)"))}");
        foreach (var result in await Task.WhenAll(runs.Select(run => wrk.RunAsync(run, ct))))
        {
            Report.Progress(result);
            results.Add(result);
        }
    }
}
