using MfaMonolith.Benchmarks.Seeding;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// Issue 12's load benchmark: seeds N users in bulk, starts the Host and the reference app as processes of their own,
/// drives them with wrk (the scripts in <c>wrk/</c>) and prints the figures, their shares of the references and the
/// issue's targets. Everything it starts is stopped at its end, on Ctrl-C and on failure too.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<int> RunAsync(LoadOptions options)
    {
        using var stop = new StopSignals();
        var ownWorkspace = options.Workspace is null;
        var workspace = options.Workspace ?? Directory.CreateTempSubdirectory("mfa-bench.").FullName;
        var target = new BenchTarget(workspace, options.PostgreSql);
        var processes = new List<ChildProcess>();
        try
        {
            Report.Header(options, target);
            var seeded = await BenchSeeder.SeedAsync(target, options.Users, stop.Token);
            Report.Line("seeded " + seeded.Description);
            if (options.SeedOnly)
                return 0;
            var users = seeded.Users;
            GC.Collect();

            var (reference, referenceAddress) = await Servers.StartReferenceAsync(workspace, stop.Token);
            processes.Add(reference);
            var (host, hostAddress, ready) = await Servers.StartHostAsync(target, stop.Token);
            processes.Add(host);
            Report.Line($"Host ready {ready.TotalSeconds:F2} s after its process started");

            var run = new RunSequence(options, new Wrk(workspace, target.ApiKey, hostAddress), new BodyFiles(workspace, users), new FreshCodes(users), stop.Token);
            var results = await run.AllAsync(referenceAddress, hostAddress);
            var peak = host.PeakResidentBytes();
            Report.Results(options, target, results, peak, ready);
            return 0;
        }
        catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
        {
            Report.Line("stopped.");
            return 130;
        }
        catch (Exception failure) when (processes.Count > 0)
        {
            Report.Line($"failed: {failure.Message}");
            foreach (var process in processes)
                Report.Line($"--- the end of {process.Name}'s log:\n{process.Tail()}");
            return 1;
        }
        finally
        {
            foreach (var process in processes)
                await process.DisposeAsync();
            if (ownWorkspace)
                Directory.Delete(workspace, recursive: true);
        }
    }
}
