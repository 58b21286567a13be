using System.Net;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.Platform;

public sealed class HealthEndpointTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_without_signing_in(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task Readiness_fails_when_a_module_database_is_gone()
    {
        var client = app.CreateClient();
        (await client.GetAsync("/health/ready")).StatusCode.ShouldBe(HttpStatusCode.OK);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(Path.Combine(app.DataDirectory, "tokens.db"));

        var response = await client.GetAsync("/health/ready");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
