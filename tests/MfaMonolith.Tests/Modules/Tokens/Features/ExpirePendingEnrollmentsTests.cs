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

    private async Task<int> ExpireAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExpirePendingEnrollments());
    }
}
