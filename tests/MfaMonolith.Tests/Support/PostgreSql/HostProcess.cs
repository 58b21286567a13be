using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace MfaMonolith.Tests.Support.PostgreSql;

/// <summary>
/// The real Host as an operating-system process of its own (<c>dotnet MfaMonolith.Host.dll</c>, the build beside this
/// test assembly's), on a free loopback port, on the PostgreSQL database it is given, with the real clock. Several of
/// them on one database are the product's multi-instance deployment. Its output is kept for the failure messages.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The Development API client (<c>appsettings.Development.json</c>): both ProxyIdP scopes.</summary>
    public const string DevApiKey = "dev-proxyidp-key-change-me";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly List<HttpClient> clients = [];

    private HostProcess(string name, Process process, Uri address, string dataDirectory)
    {
        Name = name;
        this.process = process;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public string Name { get; }

    public Uri Address { get; }

    public string DataDirectory { get; }

    public bool HasExited => process.HasExited;

    /// <summary>The exit code, once <see cref="HasExited"/>.</summary>
    public int ExitCode => process.ExitCode;

    /// <summary>The built Host, from the same build configuration (Debug or Release) as this test assembly.</summary>
    public static string HostDll
    {
        get
        {
            // <repo>/tests/MfaMonolith.Tests/bin/<Configuration>/<tfm>/
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testOutput.Parent!.Name;
            var dll = Repository.PathOf("src", "Host", "bin", configuration, testOutput.Name, "MfaMonolith.Host.dll");
            return File.Exists(dll)
                ? dll
                : throw new InvalidOperationException(
                    $"The Host is not built at {dll}. Build the solution (dotnet build / dotnet test build it, the test project references the Host).");
        }
    }

    /// <summary>Starts the Host with <paramref name="settings"/> (configuration keys, e.g. <c>Mfa:Issuer</c>) and does not wait.</summary>
    public static HostProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mfa-tests", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDirectory);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            WorkingDirectory = Repository.PathOf("src", "Host"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Mfa__DataDirectory"] = dataDirectory;
        start.Environment["Mfa__RateLimits__SignInPerMinute"] = "1000";
        start.Environment["Mfa__RateLimits__PagesPerMinute"] = "100000";
        start.Environment["Mfa__BackupCodes__HashIterations"] = "1000";
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(name, process, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        process.OutputDataReceived += (_, line) => host.Append(line.Data);
        process.ErrorDataReceived += (_, line) => host.Append(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Polls <c>/health/ready</c> until it answers 200; fails with the process's output when it does not.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Host {Name} exited with {process.ExitCode} before it was ready.\n{Output}");
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Host {Name} was not ready within {StartTimeout.TotalSeconds} s.\n{Output}");
    }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
                return output.ToString();
        }
    }

    /// <summary>A browser on this instance; browsers given one <paramref name="cookies"/> share their cookies across instances.</summary>
    public BrowserSession Browser(CookieContainer cookies)
    {
        var handler = new HttpClientHandler { CookieContainer = cookies, UseCookies = true, AllowAutoRedirect = false };
        return new BrowserSession(Track(new HttpClient(handler) { BaseAddress = Address }), TimeProvider.System);
    }

    /// <summary>The ProxyIdP: an API client with the Development key (policy:read and otp:verify).</summary>
    public HttpClient ProxyIdp()
    {
        var client = Track(new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevApiKey);
        return client;
    }

    /// <summary>Waits for the process to end by itself, and for the last of its output.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    /// <summary>Graceful shutdown (SIGTERM), as an orchestrator stops an instance; waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Sudden death (SIGKILL): no shutdown, no flushing, connections cut — a crash or a killed container.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }

        foreach (var client in clients)
            client.Dispose();
        process.Dispose();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private HttpClient Track(HttpClient client)
    {
        lock (clients)
            clients.Add(client);
        return client;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (output)
            output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
