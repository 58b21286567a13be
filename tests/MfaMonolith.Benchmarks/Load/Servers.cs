using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>The two servers under load, each a process of its own on a free loopback port, from this build's configuration.</summary>
internal static class Servers
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The Host as an operator runs it: <c>dotnet MfaMonolith.Host.dll</c>, Production, on the seeded data. Returns the
    /// time from process start to the first 200 from <c>/health/ready</c>.
    /// </summary>
    public static async Task<(ChildProcess Process, Uri Address, TimeSpan Ready)> StartHostAsync(BenchTarget target, CancellationToken ct)
    {
        var address = LoopbackAddress();
        var environment = target.Settings().ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');
        environment["ASPNETCORE_CONTENTROOT"] = Repository.PathOf("src", "Host");
        var watch = Stopwatch.StartNew();
        var host = ChildProcess.Start("host", target.Workspace, ["dotnet", BuildOutput("src", "Host", "MfaMonolith.Host.dll")], environment);
        await WaitUntilAnswersAsync(host, new Uri(address, "/health/ready"), ct);
        return (host, address, watch.Elapsed);
    }

    /// <summary>The reference app (bare Kestrel plaintext, bare GraphQL.NET), Production as well.</summary>
    public static async Task<(ChildProcess Process, Uri Address)> StartReferenceAsync(string workspace, CancellationToken ct)
    {
        var address = LoopbackAddress();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
        };
        var reference = ChildProcess.Start("reference", workspace,
            ["dotnet", BuildOutput("tests", "MfaMonolith.Benchmarks.Reference", "MfaMonolith.Benchmarks.Reference.dll")], environment);
        await WaitUntilAnswersAsync(reference, new Uri(address, "/plaintext"), ct);
        return (reference, address);
    }

    private static async Task WaitUntilAnswersAsync(ChildProcess process, Uri probe, CancellationToken ct)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The {process.Name} exited before it was ready:\n{process.Tail()}");
            try
            {
                using var response = await client.GetAsync(probe, ct);
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // Often enough that the start-to-ready time is not the polling's.
            await Task.Delay(10, ct);
        }

        throw new TimeoutException($"The {process.Name} was not ready within {StartTimeout.TotalSeconds} s:\n{process.Tail()}");
    }

    /// <summary>A project's build output beside this benchmark's: the same configuration (Release) and framework.</summary>
    private static string BuildOutput(string folder, string project, string dll)
    {
        // <repo>/tests/MfaMonolith.Benchmarks/bin/<Configuration>/<tfm>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Repository.PathOf(folder, project, "bin", output.Parent!.Name, output.Name, dll);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built: build tests/MfaMonolith.Benchmarks (it builds both).");
    }

    private static Uri LoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
    }
}
