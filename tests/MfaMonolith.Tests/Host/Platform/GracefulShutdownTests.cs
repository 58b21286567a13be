using System.Collections.Concurrent;
using System.Net;
using MfaMonolith.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Tests.Host.Platform;

/// <summary>Stopping the Host lets requests in flight finish, then leaves every module's database closed and whole.</summary>
public sealed class GracefulShutdownTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly string[] Databases = ["tokens", "backupcodes", "servicepolicies", "audit", "host"];

    private readonly MfaAppFactory app = new();
    private readonly SlowEndpoint slow = new();
    private readonly CapturedLogs logs = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_request_in_flight_when_the_host_stops_still_completes()
    {
        var (host, client) = StartOnKestrel();
        var inFlight = client.GetAsync(SlowEndpoint.Path);
        await slow.Entered.Task.WaitAsync(Patience);

        var stopping = host.StopAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        stopping.IsCompleted.ShouldBeFalse("the host must wait for the request in flight");
        slow.Release.SetResult();

        var response = await inFlight.WaitAsync(Patience);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("finished");
        await stopping.WaitAsync(Patience);
        logs.Messages.ShouldContain(m => m.StartsWith("Draining", StringComparison.Ordinal));
        logs.Messages.ShouldContain(m => m.StartsWith("Databases checkpointed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_host_stops_every_database_is_checkpointed_and_keeps_its_data()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.BeginEnrollmentAsync("Phone");

        await app.Services.GetRequiredService<IHost>().StopAsync().WaitAsync(Patience);

        foreach (var module in Databases)
        {
            var wal = Path.Combine(app.DataDirectory, module + ".db-wal");
            (File.Exists(wal) ? new FileInfo(wal).Length : 0).ShouldBe(0, $"{module}.db-wal");
        }

        foreach (var module in Databases)
            (await ScalarAsync(module, "PRAGMA integrity_check")).ShouldBe("ok", module);
        (await ScalarAsync("tokens", "SELECT count(*) FROM totp_tokens")).ShouldBe(1L);
    }

    [Fact]
    public void The_drain_lasts_at_most_the_configured_shutdown_timeout()
    {
        app.Settings["Mfa:ShutdownTimeout"] = "00:00:07";

        app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout.ShouldBe(TimeSpan.FromSeconds(7));
    }

    /// <summary>The Host on Kestrel (which, unlike the in-memory test server, drains its requests on stop) with the slow endpoint.</summary>
    private (IHost Host, HttpClient Client) StartOnKestrel()
    {
        var factory = app.WithWebHostBuilder(builder => builder
            .ConfigureServices(services => services.AddSingleton<IStartupFilter>(slow))
            .ConfigureLogging(logging => logging.AddProvider(logs)));
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (factory.Services.GetRequiredService<IHost>(), new HttpClient { BaseAddress = new Uri(address), Timeout = Patience });
    }

    private async Task<object?> ScalarAsync(string module, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(app.DataDirectory, module + ".db"),
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    /// <summary>A test-only endpoint that holds its request until the test lets it go.</summary>
    private sealed class SlowEndpoint : IStartupFilter
    {
        public const string Path = "/test/slow";

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(Path, branch => branch.Run(async context =>
            {
                Entered.TrySetResult();
                await Release.Task;
                await context.Response.WriteAsync("finished");
            }));
            next(app);
        };
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> messages = new();

        public IReadOnlyCollection<string> Messages => messages;

        public ILogger CreateLogger(string categoryName) => new Logger(messages);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
