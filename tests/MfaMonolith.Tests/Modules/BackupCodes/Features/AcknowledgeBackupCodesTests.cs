using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.BackupCodes.Features;

public sealed class AcknowledgeBackupCodesTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task After_acknowledging_the_codes_can_never_be_shown_again()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (setId, _) = await alice.NewSetAsync();
        (await alice.MineAsync()).GetProperty("codes").GetArrayLength().ShouldBe(10);

        var response = await alice.AcknowledgeAsync(setId);

        response.ShouldHaveNoErrors();
        var mine = await alice.MineAsync();
        mine.GetProperty("acknowledged").GetBoolean().ShouldBeTrue();
        mine.GetProperty("codes").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        mine.GetProperty("remaining").GetInt32().ShouldBe(10);
    }

    [Fact]
    public async Task Acknowledging_without_a_set_is_a_clear_error()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.AcknowledgeAsync(Guid.NewGuid().ToString());

        response.FirstErrorCode().ShouldBe("NOT_FOUND");
        response.FirstErrorMessage().ShouldContain("no current set");
    }

    [Fact]
    public async Task Nobody_can_acknowledge_or_read_another_users_set()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        var (setId, codes) = await alice.NewSetAsync();
        var bob = await BrowserSession.SignInAsync(app, "bob");

        (await bob.AcknowledgeAsync(setId)).FirstErrorCode().ShouldBe("NOT_FOUND");
        (await bob.MineAsync()).GetProperty("codes").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await alice.MineAsync()).GetProperty("acknowledged").GetBoolean().ShouldBeFalse();
        (await app.SpendAsync("bob", codes[0])).Spent.ShouldBeFalse();
    }
}
