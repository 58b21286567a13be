using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using MfaMonolith.Benchmarks;

namespace MfaMonolith.Benchmarks;

internal static class Benchmark
{
    public static async Task Main(string[] args)
    {
        // Figures for the two operations on every login's path (PRODUCT.md: "called on every login, so it must be fast"):
        // latency percentiles and throughput over loopback HTTP, sequentially and with concurrent callers, plus memory.
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;

        using var host = new BenchHost();
        var address = host.Start();
        var secret = await BenchHost.EnrolAsync(address, "alice");
        using var proxy = new HttpClient { BaseAddress = address };
        proxy.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchHost.ApiKey);

        const string Requirement = "query Requirement($u:String!,$rp:String!,$acr:[String!]){ mfaRequirement(userId:$u, relyingParty:$rp, requestedAuthnContext:$acr){ required satisfiable reason methods } }";
        const string Verify = "mutation Verify($input: VerifySecondFactorInput!){ verifySecondFactor(input:$input){ accepted failureReason remainingBackupCodes } }";

        async Task<double> TimeAsync(Func<Task> call)
        {
            var watch = Stopwatch.StartNew();
            await call();
            return watch.Elapsed.TotalMilliseconds;
        }

        async Task Ensure(HttpResponseMessage response, string expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || !body.Contains(expected, StringComparison.Ordinal))
                throw new InvalidOperationException($"Unexpected answer: {(int)response.StatusCode} {body}");
        }

        Func<Task> RequirementCall(string user) => async () =>
            await Ensure(await proxy.PostAsJsonAsync("/graphql", new { query = Requirement, variables = new { u = user, rp = "https://sp.research-cloud.example.org/shibboleth", acr = Array.Empty<string>() } }), "\"required\":true");

        void Report(string name, List<double> samples, TimeSpan wall)
        {
            samples.Sort();
            double P(double p) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-44} n={samples.Count,5}  p50={P(0.50),6:F2} ms  p95={P(0.95),6:F2} ms  p99={P(0.99),6:F2} ms  max={samples[^1],7:F2} ms  {samples.Count / wall.TotalSeconds,7:F0} req/s"));
        }

        async Task RunAsync(string name, int count, int parallel, Func<int, Func<Task>> call)
        {
            var samples = new List<double>(count);
            var gate = new Lock();
            var next = -1;
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var ms = await TimeAsync(call(i));
                    lock (gate)
                        samples.Add(ms);
                }
            }));
            Report(name, samples, wall.Elapsed);
        }

        // Warm-up: JIT, connection pools, parsed-document cache.
        for (var i = 0; i < 200; i++)
            await RequirementCall("alice")();

        Console.WriteLine($"MfaMonolith ProxyIdP path benchmark — {requests} requests, {Environment.ProcessorCount} cores, {BenchHost.ProviderName}, loopback HTTP");
        await RunAsync("mfaRequirement (token, ENFORCED_ALL), 1 caller", requests, 1, _ => RequirementCall("alice"));
        await RunAsync($"mfaRequirement, {concurrency} callers", requests, concurrency, _ => RequirementCall("alice"));
        await RunAsync("mfaRequirement (no token: NOT_ACTIVATED), 1 caller", requests, 1, i => async () =>
            await Ensure(await proxy.PostAsJsonAsync("/graphql", new { query = Requirement, variables = new { u = "nobody-" + i, rp = "x", acr = Array.Empty<string>() } }), "NOT_ACTIVATED"));

        // Each accepted verification consumes a TOTP step: move the clock one step on before each, so every code is fresh.
        var accepted = Math.Min(requests, 1000);
        await RunAsync("verifySecondFactor (valid TOTP, accepted), 1 caller", accepted, 1, _ => async () =>
        {
            host.Clock.Advance(TimeSpan.FromSeconds(30));
            var code = new OtpNet.Totp(secret).ComputeTotp(host.Clock.GetUtcNow().UtcDateTime);
            await Ensure(await proxy.PostAsJsonAsync("/graphql", new { query = Verify, variables = new { input = new { userId = "alice", code } } }), "\"accepted\":true");
        });
        // A double submit: the code accepted last, sent again (stays within the ±1 step window for this short run).
        host.Clock.Advance(TimeSpan.FromSeconds(30));
        var replayed = new OtpNet.Totp(secret).ComputeTotp(host.Clock.GetUtcNow().UtcDateTime);
        await Ensure(await proxy.PostAsJsonAsync("/graphql", new { query = Verify, variables = new { input = new { userId = "alice", code = replayed } } }), "\"accepted\":true");
        await RunAsync($"verifySecondFactor (replayed TOTP), {concurrency} callers", Math.Min(requests, 1500), concurrency, _ => async () =>
            await Ensure(await proxy.PostAsJsonAsync("/graphql", new { query = Verify, variables = new { input = new { userId = "alice", code = replayed } } }), "REPLAYED"));

        GC.Collect();
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory: working set {self.WorkingSet64 / 1048576.0:F0} MiB, managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F1} MiB (Host and benchmark client in one process)"));
    }
}
