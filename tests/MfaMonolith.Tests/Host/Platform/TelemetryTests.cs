using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MfaMonolith.SharedKernel.Telemetry;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace MfaMonolith.Tests.Host.Platform;

/// <summary>Issue 12, "What operators see": the figures an operator watches, with no user id and no code in them.</summary>
public sealed class TelemetryTests
{
    // Generous: under a full suite on two shared cores an export interval of 0.2 s can stretch to seconds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Verifications_lockouts_and_GraphQL_fields_are_measured_with_closed_tags_only()
    {
        using var app = new MfaAppFactory().WithApiClients();
        var proxy = app.ApiClient();
        var (user, userId) = await SignInAsNewUserAsync(app);
        var (_, secret) = await user.EnrolTokenAsync();
        using var recorded = new RecordedMeasurements(app.Services.GetRequiredService<IMeterFactory>());

        (await proxy.MfaRequirementAsync(userId)).GetProperty("required").GetBoolean().ShouldBeTrue();
        (await proxy.VerifyAsync(userId, user.CodeNow(secret, stepOffset: 1))).GetProperty("accepted").GetBoolean().ShouldBeTrue();
        for (var i = 0; i < 10; i++)
            await proxy.VerifyAsync(userId, "000000" == user.CodeNow(secret) ? "111111" : "000000");

        // A request's own figures are recorded after its answer is written.
        await Eventually(() => recorded.Count("mfa.graphql.duration") >= 12);
        recorded.Sum("mfa.verifications", ("mfa.method", "TOTP"), ("mfa.outcome", "accepted")).ShouldBe(1);
        recorded.Sum("mfa.verifications", ("mfa.reason", "INVALID_CODE")).ShouldBe(10);
        recorded.Sum("mfa.lockouts").ShouldBe(1, "the tenth wrong code locked the user");
        recorded.Sum("mfa.graphql.requests", ("mfa.graphql.field", "mfaRequirement"), ("mfa.outcome", "ok")).ShouldBe(1);
        recorded.Sum("mfa.graphql.requests", ("mfa.graphql.field", "verifySecondFactor")).ShouldBe(11);
        recorded.Count("mfa.graphql.duration").ShouldBe(12);
        recorded.TagValues().ShouldNotContain(v => v.Contains(userId, StringComparison.Ordinal) || v.Contains("wiki.example.org", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_outbox_backlog_and_its_oldest_age_are_observed_per_module()
    {
        using var app = new MfaAppFactory();
        var (user, _) = await SignInAsNewUserAsync(app);
        await user.EnrolTokenAsync();
        using var recorded = new RecordedMeasurements(app.Services.GetRequiredService<IMeterFactory>());

        await Eventually(() =>
        {
            recorded.Observe();
            return recorded.Modules("mfa.outbox.backlog").Contains("Tokens") && recorded.Modules("mfa.outbox.oldest_age").Contains("ServicePolicies");
        });
        recorded.Last("mfa.outbox.backlog", "Tokens").ShouldBe(0, "delivered in process and swept");
    }

    [Fact]
    public void Nothing_is_exported_unless_a_collector_is_named()
    {
        using var app = new MfaAppFactory();

        app.Services.GetService<MeterProvider>().ShouldBeNull();
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_metrics_are_posted_to_the_collector_without_user_ids()
    {
        using var collector = new FakeOtlpCollector();
        using var app = new MfaAppFactory().WithApiClients();
        app.Settings["Mfa:Telemetry:OtlpEndpoint"] = collector.Address;
        app.Settings["Mfa:Telemetry:ExportIntervalSeconds"] = "0.2";
        var (user, userId) = await SignInAsNewUserAsync(app);
        var (_, secret) = await user.EnrolTokenAsync();

        (await app.ApiClient().VerifyAsync(userId, user.CodeNow(secret, stepOffset: 1))).GetProperty("accepted").GetBoolean().ShouldBeTrue();

        // The request's own duration is recorded after its answer is written, so it may reach a later export.
        await Eventually(() => collector.Bodies.Any(b => b.Contains("mfa.verifications", StringComparison.Ordinal))
            && collector.Bodies.Any(b => b.Contains("mfa.graphql.duration", StringComparison.Ordinal) && b.Contains("verifySecondFactor", StringComparison.Ordinal)));
        collector.Paths.ShouldAllBe(p => p == "/v1/metrics");
        collector.ContentTypes.ShouldAllBe(c => c == "application/x-protobuf");
        collector.Bodies.ShouldContain(b => b.Contains("mfa.graphql.duration", StringComparison.Ordinal) && b.Contains("verifySecondFactor", StringComparison.Ordinal));
        collector.Bodies.ShouldNotContain(b => b.Contains(userId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mfa:Telemetry:OtlpEndpoint", "collector:4318", "Mfa:Telemetry:OtlpEndpoint must be an absolute http(s) address")]
    [InlineData("Mfa:Telemetry:OtlpProtocol", "udp", "Mfa:Telemetry:OtlpProtocol must be 'http/protobuf' (the default) or 'grpc'")]
    [InlineData("Mfa:Telemetry:ExportIntervalSeconds", "0", "Mfa:Telemetry:ExportIntervalSeconds must be between 0.1 and 3600 seconds")]
    public void A_wrong_telemetry_setting_stops_the_start_and_names_the_key(string key, string value, string message)
    {
        using var app = new MfaAppFactory();
        app.Settings["Mfa:Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4318";
        app.Settings[key] = value;

        Should.Throw<InvalidOperationException>(() => app.Services).Message.ShouldContain(message);
    }

    private static async Task<(BrowserSession User, string UserId)> SignInAsNewUserAsync(MfaAppFactory app)
    {
        var user = await BrowserSession.SignInAsync(app);
        return (user, "alice");
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the condition never held");
            await Task.Delay(100);
        }
    }

    /// <summary>Listens to this app's instruments only (its own meter factory), so parallel tests do not mix in.</summary>
    private sealed class RecordedMeasurements : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> measurements = new();

        public RecordedMeasurements(IMeterFactory factory)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MfaMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                    l.EnableMeasurementEvents(instrument);
            };
            listener.SetMeasurementEventCallback<long>((i, v, t, _) => measurements.Enqueue((i.Name, v, t.ToArray())));
            listener.SetMeasurementEventCallback<double>((i, v, t, _) => measurements.Enqueue((i.Name, v, t.ToArray())));
            listener.Start();
        }

        public void Observe() => listener.RecordObservableInstruments();

        public double Sum(string instrument, params (string Key, string Value)[] tags) =>
            Matching(instrument, tags).Sum(m => m.Value);

        public int Count(string instrument) => Matching(instrument, []).Count();

        public HashSet<string> Modules(string instrument) =>
            Matching(instrument, []).SelectMany(m => m.Tags).Where(t => t.Key == "mfa.module").Select(t => (string)t.Value!).ToHashSet();

        public double Last(string instrument, string module) =>
            Matching(instrument, [("mfa.module", module)]).Last().Value;

        public IEnumerable<string> TagValues() => measurements.SelectMany(m => m.Tags).Select(t => t.Value?.ToString() ?? "");

        public void Dispose() => listener.Dispose();

        private IEnumerable<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> Matching(string instrument, (string Key, string Value)[] tags) =>
            measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(x => x.Key == t.Key && Equals(x.Value, t.Value))));
    }

    /// <summary>A real HTTP server on loopback that keeps what OTLP/HTTP posts to it.</summary>
    private sealed class FakeOtlpCollector : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<(string Path, string ContentType, string Body)> requests = new();

        public FakeOtlpCollector()
        {
            var port = FreePort();
            Address = $"http://127.0.0.1:{port}";
            listener.Prefixes.Add(Address + "/");
            listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Address { get; }

        public IEnumerable<string> Bodies => requests.Select(r => r.Body);

        public IEnumerable<string> Paths => requests.Select(r => r.Path);

        public IEnumerable<string> ContentTypes => requests.Select(r => r.ContentType);

        public void Dispose() => listener.Close();

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                // Protobuf keeps strings as UTF-8 bytes: names and tag values are readable in it.
                requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", Encoding.UTF8.GetString(body.ToArray())));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
