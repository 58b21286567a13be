using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.Tests.Support.PostgreSql;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace MfaMonolith.Tests.Support;

/// <summary>
/// The real Host over real HTTP (in memory) on a real SQLite database in a throwaway data folder, with a fake clock.
/// On PostgreSQL instead when given a connection string, or for every factory when the run sets
/// <c>MFA_TEST_DATABASE=PostgreSql</c> (then each factory has a database of its own, dropped with it).
/// </summary>
public sealed class MfaAppFactory : WebApplicationFactory<Program>
{
    public MfaAppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "mfa-tests", Guid.NewGuid().ToString("N"));
        // A fixed, mid-step instant keeps step arithmetic in tests readable.
        Clock = new FakeClock(new DateTimeOffset(2026, 11, 28, 12, 0, 10, TimeSpan.Zero));
    }

    /// <summary>
    /// The app started again on the data <paramref name="previous"/> left behind (a restart after a crash), with its
    /// clock. Dispose <paramref name="previous"/> first with <see cref="KeepDataWhenDisposed"/>; this one then owns the clean-up.
    /// </summary>
    public MfaAppFactory(MfaAppFactory previous)
    {
        DataDirectory = previous.DataDirectory;
        Clock = previous.Clock;
        PostgreSqlConnectionString = previous.PostgreSqlConnectionString;
        ownDatabase = previous.ownDatabase;
    }

    public string DataDirectory { get; }

    public FakeClock Clock { get; }

    /// <summary>The fault-injection seam: while on, every commit is followed by no delivery, as if the process died.</summary>
    public OutboxCrashAfterCommit OutboxCrash { get; } = new();

    /// <summary>The TOTP secrets of the tokens <see cref="BrowserSession.SignInWithTokenAsync"/> enrolled, by user.</summary>
    public Dictionary<string, byte[]> Secrets { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<string, long> lastSteps = new(StringComparer.Ordinal);

    /// <summary>
    /// The offset from now of a time step not accepted yet for <paramref name="user"/>'s token (steps only grow, and a
    /// step once accepted is never accepted again), within the accepted window of ±1; enrolling used the current step.
    /// When the window is used up the clock advances by a step, as a person would wait for the next code.
    /// </summary>
    public int NextStepOffset(string user)
    {
        var now = MfaMonolith.Modules.Tokens.Domain.TotpAlgorithm.TimeStep(Clock.GetUtcNow(), 30);
        var next = Math.Max(now - 1, lastSteps.GetValueOrDefault(user, now) + 1);
        // Every step of the window was used: a person would wait for the next code, so the test clock moves on.
        while (next > now + 1)
        {
            Clock.Advance(TimeSpan.FromSeconds(30));
            now++;
        }

        lastSteps[user] = next;
        return (int)(next - now);
    }

    /// <summary>Disposing stops the app but leaves its data, for a <see cref="MfaAppFactory(MfaAppFactory)"/> to start on.</summary>
    public bool KeepDataWhenDisposed { get; set; }

    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>A PostgreSQL database to run on (shared with whoever else is given it); null: see the class summary.</summary>
    public string? PostgreSqlConnectionString { get; init; }

    /// <summary>The database this factory made for itself (suite on PostgreSQL) and drops when disposed.</summary>
    private string? ownDatabase;

    /// <summary>When set, receives everything the app logs.</summary>
    public TestLogs? Logs { get; init; }

    /// <summary>More services for one test (an interceptor that holds concurrent requests at a point, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The hosting environment the app starts in.</summary>
    public string EnvironmentName { get; init; } = "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("Mfa:DataDirectory", DataDirectory);
        builder.UseSetting("Mfa:RateLimits:SignInPerMinute", "1000");
        builder.UseSetting("Mfa:RateLimits:PagesPerMinute", "100000");
        // Fewer PBKDF2 rounds keep the suite fast; the production default is asserted in its own test.
        builder.UseSetting("Mfa:BackupCodes:HashIterations", "1000");
        var postgreSql = PostgreSqlConnectionString
            ?? (TestPostgreSql.SuiteRunsOnPostgreSql ? ownDatabase ??= TestPostgreSql.CreateDatabase("suite") : null);
        if (postgreSql is not null)
        {
            builder.UseSetting("Mfa:Database:Provider", "PostgreSql");
            builder.UseSetting("Mfa:Database:ConnectionString", postgreSql);
        }

        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<MfaMonolith.SharedKernel.SecurityEvents.Outbox.IOutboxDeliveryInterruption>(OutboxCrash);
            if (Logs is not null)
                services.AddSingleton<ILoggerProvider>(Logs);
            TestServices?.Invoke(services);
        });
    }

    /// <summary>
    /// Starts the Host on Kestrel on a free loopback port, for a real browser, and returns its address.
    /// Call it before anything else starts the factory.
    /// </summary>
    public Uri StartOnRealPort()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        realAddress = new Uri(addresses.First());
        return realAddress;
    }

    /// <summary>
    /// Like <see cref="StartOnRealPort"/>, but on a port chosen first, so that the page origin a browser sees,
    /// <c>http://localhost:PORT</c>, is the one WebAuthn origin configured (<c>Mfa:WebAuthn:Origins:0</c>): security keys
    /// need a host name (an IP address cannot be a relying-party id) and that exact origin.
    /// </summary>
    public Uri StartOnLocalhost()
    {
        int port;
        using (var probe = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            probe.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
            port = ((System.Net.IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var origin = $"http://localhost:{port}";
        Settings["Mfa:WebAuthn:Origins:0"] = origin;
        UseKestrel(port);
        StartServer();
        realAddress = new Uri(origin + "/");
        return realAddress;
    }

    /// <summary>Set by <see cref="StartOnRealPort"/>: clients then talk to Kestrel there, beside the browser.</summary>
    private Uri? realAddress;

    /// <summary>A client that keeps cookies and shows redirects instead of following them.</summary>
    public HttpClient CreateBrowserLikeClient() =>
        realAddress is null
            ? CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
            // On Kestrel the factory's client follows redirects whatever it is told; a plain one does as asked.
            : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = realAddress };

    /// <summary>Runs <paramref name="work"/> against the Tokens module's database, for arranging and asserting state.</summary>
    internal async Task WithTokensDbAsync(Func<TokensDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<TokensDbContext>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (KeepDataWhenDisposed)
            return;
        if (disposing && ownDatabase is not null)
            TestPostgreSql.DropDatabase(ownDatabase);
        if (disposing && Directory.Exists(DataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
