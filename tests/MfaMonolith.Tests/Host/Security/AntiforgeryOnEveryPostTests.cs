using System.Net;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Host.Security;

/// <summary>
/// Every form POST the app maps checks antiforgery (issue 11, point 4). The endpoints are read from the app itself, so
/// a form added later without the check fails here without anyone listing it.
/// </summary>
public sealed class AntiforgeryOnEveryPostTests : IDisposable
{
    /// <summary>JSON only and no CORS for other origins (ADR 0004): a cross-site form cannot call it.</summary>
    private static readonly string[] Exempt = ["/graphql"];

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Every_post_endpoint_answers_400_without_an_antiforgery_token_and_changes_nothing()
    {
        var alice = await BrowserSession.SignInWithTokenAsync(app, "alice");
        var (setId, _) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        var tokenId = (await alice.GraphQLAsync("{ myTokens { id } }")).GetProperty("data").GetProperty("myTokens")[0].GetProperty("id").GetString()!;
        // The browser holds the antiforgery cookie; only the form's token is missing, as in a cross-site form post.
        await alice.GetPageAsync("/tokens");
        var before = await StateAsync(alice);

        var posts = PostRoutes();
        var answers = new List<string>();
        foreach (var route in posts)
        {
            var path = route.Replace("{tokenId}", tokenId, StringComparison.Ordinal);
            var response = await alice.Client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["description"] = "Renamed", ["code"] = "123456", ["setId"] = setId, ["username"] = "alice",
                ["password"] = "alice-demo-password", ["all"] = "true", ["returnUrl"] = "/",
            }));
            answers.Add($"{route}: {(int)response.StatusCode}");
        }

        posts.ShouldContain("/setup/backup-codes");
        posts.ShouldContain("/settings/services");
        answers.ShouldAllBe(a => a.EndsWith(": 400", StringComparison.Ordinal), string.Join(", ", answers));
        (await StateAsync(alice)).ShouldBe(before, "nothing changed, and the session was not ended");
    }

    private List<string> PostRoutes() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(route => !Exempt.Contains(route))
            .Distinct()];

    /// <summary>What a change would show: the user's tokens, backup codes and the audit trail (every change is audited).</summary>
    private async Task<string> StateAsync(BrowserSession user)
    {
        var mine = await user.GraphQLAsync("{ myTokens { id description } myBackupCodes { setId remaining acknowledged } }");
        mine.TryGetProperty("errors", out _).ShouldBeFalse(mine.ToString());
        await using var scope = app.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records.CountAsync();
        return $"{mine.GetProperty("data")} audit={audit}";
    }
}
