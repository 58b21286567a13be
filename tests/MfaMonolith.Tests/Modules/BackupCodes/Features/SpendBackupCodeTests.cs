using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.BackupCodes.Features;

public sealed class SpendBackupCodeTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    private async Task<List<string>> AliceWithCodesAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        return codes;
    }

    [Fact]
    public async Task A_code_works_once()
    {
        var codes = await AliceWithCodesAsync();

        var first = await app.SpendAsync("alice", codes[3]);
        var again = await app.SpendAsync("alice", codes[3]);

        first.Spent.ShouldBeTrue();
        first.Remaining.ShouldBe(9);
        again.Spent.ShouldBeFalse();
        again.Remaining.ShouldBe(9);
    }

    [Fact]
    public async Task Case_spaces_and_dashes_do_not_matter()
    {
        var codes = await AliceWithCodesAsync();

        (await app.SpendAsync("alice", codes[0].Replace("-", " ").ToUpperInvariant())).Spent.ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("123456")]
    [InlineData("zzzz-zzzz-zz")]
    [InlineData("not a code at all")]
    public async Task Unknown_or_malformed_codes_are_not_spent(string typed)
    {
        await AliceWithCodesAsync();

        var result = await app.SpendAsync("alice", typed);

        result.Spent.ShouldBeFalse();
        result.Remaining.ShouldBe(10);
    }

    [Fact]
    public async Task An_attempt_costs_exactly_one_key_derivation()
    {
        var codes = await AliceWithCodesAsync();
        var hasher = app.Services.GetRequiredService<BackupCodeHasher>();

        var before = hasher.Evaluations;
        await app.SpendAsync("alice", "zzzz-zzzz-zz");
        var afterWrong = hasher.Evaluations;
        await app.SpendAsync("alice", codes[9]);

        (afterWrong - before).ShouldBe(1);
        (hasher.Evaluations - afterWrong).ShouldBe(1);
    }

    [Fact]
    public async Task Of_concurrent_spends_of_one_code_exactly_one_succeeds()
    {
        var codes = await AliceWithCodesAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => app.SpendAsync("alice", codes[5]))));

        attempts.Count(a => a.Spent).ShouldBe(1);
        (await app.SpendAsync("alice", codes[6])).Remaining.ShouldBe(8);
    }

    [Fact]
    public async Task Removing_the_last_token_retires_the_backup_codes()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, secret) = await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        (await alice.GraphQLWithStepUpAsync(alice.CodeNow(secret), "mutation($t:ID!){ removeToken(tokenId:$t){ mfaTurnedOff } }", new { t = tokenId }))
            .ShouldHaveNoErrors();

        var result = await app.SpendAsync("alice", codes[0]);
        result.Spent.ShouldBeFalse();
        result.Remaining.ShouldBe(0);
    }
}
