using Mediator;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Features.ExpirePendingEnrollments;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

public sealed class ExpirePendingEnrollmentsTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Unfinished_enrolments_expire_after_ten_minutes_and_not_before()
    {
        var alice = await BrowserSession.SignInAsync(app);
        (await alice.GraphQLAsync("mutation { beginTokenEnrollment(description: \"Phone\") { tokenId } }")).ShouldHaveNoErrors();

        app.Clock.Advance(TimeSpan.FromMinutes(9));
        (await ExpireAsync()).ShouldBe(0);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        (await ExpireAsync()).ShouldBe(1);

        await app.WithTokensDbAsync(async db => (await db.Tokens.SingleAsync()).State.ShouldBe(TokenState.Expired));
        (await alice.GraphQLAsync("{ myPendingEnrollment { tokenId } }")).GetProperty("data").GetProperty("myPendingEnrollment").ValueKind
            .ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Active_tokens_are_never_expired()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        app.Clock.Advance(TimeSpan.FromDays(1));

        (await ExpireAsync()).ShouldBe(0);

        await app.WithTokensDbAsync(async db => (await db.Tokens.SingleAsync()).State.ShouldBe(TokenState.Active));
    }

    [Fact]
    public async Task An_enrolment_expired_elsewhere_meanwhile_is_not_expired_or_recorded_twice()
    {
        var alice = await BrowserSession.SignInAsync(app);
        (await alice.GraphQLAsync("mutation { beginTokenEnrollment(description: \"Phone\") { tokenId } }")).ShouldHaveNoErrors();
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        // This instance read the token while it was still pending...
        await using var scope = app.Services.CreateAsyncScope();
        var staleDb = scope.ServiceProvider.GetRequiredService<MfaMonolith.Modules.Tokens.Persistence.TokensDbContext>();
        var stale = await staleDb.Tokens.SingleAsync();

        // ...another expired it first, and recorded it.
        (await ExpireAsync()).ShouldBe(1);
        stale.Expire(app.Clock.GetUtcNow());

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => staleDb.SaveChangesAsync());
        (await ExpiryRecordsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Sweeps_running_at_once_record_each_expiry_once()
    {
        for (var user = 0; user < 3; user++)
        {
            var session = await BrowserSession.SignInAsync(app, user == 0 ? "alice" : user == 1 ? "bob" : "admin");
            (await session.GraphQLAsync("mutation { beginTokenEnrollment(description: \"Phone\") { tokenId } }")).ShouldHaveNoErrors();
        }

        app.Clock.Advance(TimeSpan.FromMinutes(11));

        var expired = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(ExpireAsync)));

        expired.Sum().ShouldBe(3, "each pending enrolment expires in exactly one sweep");
        (await ExpiryRecordsAsync()).ShouldBe(3);
        await app.WithTokensDbAsync(async db => (await db.Tokens.CountAsync(t => t.State == TokenState.Expired)).ShouldBe(3));
    }

    private async Task<int> ExpiryRecordsAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MfaMonolith.Modules.Audit.Persistence.AuditDbContext>().Records
            .CountAsync(r => r.Type == "EnrolmentExpired");
    }

    private async Task<int> ExpireAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExpirePendingEnrollments());
    }
}
