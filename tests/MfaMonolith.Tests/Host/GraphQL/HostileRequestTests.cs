using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MfaMonolith.Host.GraphQL;
using MfaMonolith.Tests.Modules.ServicePolicies.Features;
using MfaMonolith.Tests.Support;
using Xunit.Abstractions;

namespace MfaMonolith.Tests.Host.GraphQL;

/// <summary>
/// The abuse test set: hostile requests to <c>/graphql</c>, each answered quickly with a clear error, the server's memory
/// bounded, and the server still serving afterwards. The set runs alone (its own collection) so that timings and the
/// process's memory are its own.
/// </summary>
[Collection(nameof(HostileRequestTests))]
public sealed class HostileRequestTests(HostileRequestTests.Server server, ITestOutputHelper output) : IClassFixture<HostileRequestTests.Server>
{
    /// <summary>A generous sanity bound, not a benchmark: each of these costs milliseconds when handled well.</summary>
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(2);

    private const long MemoryGrowthBound = 64L * 1024 * 1024;

    public static TheoryData<string> Names => new(HostileRequests.All.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_hostile_request_is_answered_quickly_with_a_clear_error(string name)
    {
        var hostile = HostileRequests.Named(name);

        var (response, elapsed) = await server.SendAsync(hostile);

        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"{(int)response.StatusCode} in {elapsed.TotalMilliseconds:F0} ms, {text.Length} chars: {text[..Math.Min(text.Length, 400)]}");
        response.StatusCode.ShouldBe(hostile.Status, text[..Math.Min(text.Length, 1000)]);
        elapsed.ShouldBeLessThan(Quickly);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors[0].GetProperty("message").GetString()!.ShouldContain(hostile.Message, Case.Insensitive);
        // A clear error, not an echo of the attack: a few errors, never one per alias or directive.
        errors.GetArrayLength().ShouldBeLessThanOrEqualTo(QueryShapeLimits.MaxErrors + 1, text[..Math.Min(text.Length, 1000)]);
        await server.StillServesAsync();
    }

    [Fact]
    public async Task After_the_whole_set_three_times_memory_is_bounded_and_the_server_still_serves()
    {
        await server.SendAllAsync(); // JIT, caches, pools: what a first round leaves behind is not growth
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var round = 0; round < 3; round++)
            await server.SendAllAsync();

        var growth = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"Managed memory grew by {growth / 1024} KiB");
        growth.ShouldBeLessThan(MemoryGrowthBound);
        await server.StillServesAsync();
        (await server.Browser.PendingEnrollmentIdAsync()).ShouldBeNull();
        (await server.Browser.MyTokensAsync()).ShouldBeEmpty();
    }

    /// <summary>The Host with the ProxyIdP's API client (policy:read, otp:verify; not schema:read) and a signed-in user.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private readonly MfaAppFactory app = new MfaAppFactory().WithApiClients();
        private HttpClient api = null!;
        private HttpClient anonymous = null!;

        public BrowserSession Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            api = app.ApiClient();
            anonymous = app.CreateClient();
            Browser = await BrowserSession.SignInAsync(app);
            await StillServesAsync();
        }

        public async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> SendAsync(HostileRequest hostile)
        {
            var client = hostile.Caller switch
            {
                Caller.ApiClient => api,
                Caller.Anonymous => anonymous,
                _ => Browser.Client,
            };
            using var request = hostile.Build();
            var clock = Stopwatch.StartNew();
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return (response, clock.Elapsed);
        }

        public async Task SendAllAsync()
        {
            foreach (var hostile in HostileRequests.All)
            {
                var (response, _) = await SendAsync(hostile);
                response.Dispose();
            }
        }

        /// <summary>The ProxyIdP's everyday question still gets its right answer.</summary>
        public async Task StillServesAsync()
        {
            var requirement = await api.MfaRequirementAsync("alice");
            requirement.GetProperty("required").GetBoolean().ShouldBeFalse();
            requirement.Str("reason").ShouldBe("NOT_ACTIVATED");
        }

        public Task DisposeAsync()
        {
            app.Dispose();
            return Task.CompletedTask;
        }
    }
}

/// <summary>Runs <see cref="HostileRequestTests"/> alone: its timings and the process's memory must be its own.</summary>
[CollectionDefinition(nameof(HostileRequestTests), DisableParallelization = true)]
public sealed class HostileRequestCollection;
