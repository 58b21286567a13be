using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

/// <summary>
/// The public <see cref="VerifyTotpCode"/> contract through the real mediator, on a real SQLite database.
/// Enrolment accepts the current step, so these tests use the next step (or move the clock on).
/// </summary>
public sealed class VerifyTotpCodeTests(SharedMfaApp shared) : IClassFixture<SharedMfaApp>
{
    private readonly MfaAppFactory app = shared.App;
    private string userId = "";

    private Task<TotpVerification> VerifyAsync(string code) => VerifyAsync(app, userId, code);

    /// <summary>Sends the contract through the real mediator and pipeline, in a DI scope of its own.</summary>
    private static async Task<TotpVerification> VerifyAsync(MfaAppFactory on, string forUser, string code)
    {
        await using var scope = on.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new VerifyTotpCode(forUser, code));
    }

    /// <summary>Signs in as a user of this test's own and enrols a token through GraphQL, as a person would.</summary>
    private async Task<(BrowserSession Alice, Guid TokenId, byte[] Secret)> EnrolAsync(string description = "Phone")
    {
        var (alice, id) = await shared.SignInAsNewUserAsync();
        userId = id;
        var (tokenId, secret) = await alice.EnrolTokenAsync(description);
        return (alice, Guid.Parse(tokenId), secret);
    }

    [Fact]
    public async Task A_right_code_is_accepted_once_and_then_reported_as_replayed()
    {
        var (alice, tokenId, secret) = await EnrolAsync();
        var code = alice.CodeNow(secret, stepOffset: 1);

        var first = await VerifyAsync(code);
        var again = await VerifyAsync(code);

        first.ShouldBe(new TotpVerification(TotpVerificationOutcome.Accepted, tokenId));
        again.ShouldBe(new TotpVerification(TotpVerificationOutcome.Replayed, tokenId));
    }

    [Fact]
    public async Task The_code_used_to_confirm_the_enrolment_is_already_spent()
    {
        var (alice, tokenId, secret) = await EnrolAsync();

        (await VerifyAsync(alice.CodeNow(secret))).ShouldBe(new TotpVerification(TotpVerificationOutcome.Replayed, tokenId));
    }

    [Fact]
    public async Task An_earlier_step_is_replayed_once_a_later_one_was_accepted()
    {
        var (alice, _, secret) = await EnrolAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // the enrolment step is now the previous one; next and current are unused
        var current = alice.CodeNow(secret);
        var next = alice.CodeNow(secret, stepOffset: 1);

        (await VerifyAsync(next)).Outcome.ShouldBe(TotpVerificationOutcome.Accepted);
        (await VerifyAsync(current)).Outcome.ShouldBe(TotpVerificationOutcome.Replayed);
    }

    [Fact]
    public async Task Each_new_step_is_accepted_as_time_moves_on()
    {
        var (alice, _, secret) = await EnrolAsync();

        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(30));
            (await VerifyAsync(alice.CodeNow(secret))).Outcome.ShouldBe(TotpVerificationOutcome.Accepted, $"step {i + 1}");
        }
    }

    [Fact]
    public async Task A_wrong_code_is_invalid()
    {
        var (alice, _, secret) = await EnrolAsync();
        var inWindow = Enumerable.Range(-1, 3).Select(offset => alice.CodeNow(secret, offset)).ToHashSet();
        var wrong = Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .First(candidate => !inWindow.Contains(candidate));

        (await VerifyAsync(wrong)).ShouldBe(new TotpVerification(TotpVerificationOutcome.InvalidCode, null));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(-2)]
    public async Task A_code_outside_the_window_is_invalid(int stepOffset)
    {
        var (alice, _, secret) = await EnrolAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(90)); // so that two steps back is still after the enrolment step

        (await VerifyAsync(alice.CodeNow(secret, stepOffset))).Outcome.ShouldBe(TotpVerificationOutcome.InvalidCode);
    }

    [Fact]
    public async Task A_configured_window_of_two_accepts_a_code_two_steps_ahead()
    {
        using var ownApp = new MfaAppFactory();
        ownApp.Settings["Mfa:Totp:WindowSteps"] = "2";
        var alice = await BrowserSession.SignInAsync(ownApp, "alice");
        var (_, secret) = await alice.EnrolTokenAsync();

        (await VerifyAsync(ownApp, "alice", alice.CodeNow(secret, stepOffset: 2))).Outcome.ShouldBe(TotpVerificationOutcome.Accepted);
        (await VerifyAsync(ownApp, "alice", alice.CodeNow(secret, stepOffset: 3))).Outcome.ShouldBe(TotpVerificationOutcome.InvalidCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdef")]
    [InlineData("12345")]
    [InlineData("1234567")]
    public async Task Malformed_input_is_an_invalid_code(string typed)
    {
        await EnrolAsync();

        (await VerifyAsync(typed)).ShouldBe(new TotpVerification(TotpVerificationOutcome.InvalidCode, null));
    }

    [Fact]
    public async Task A_user_without_tokens_has_no_active_token()
    {
        await EnrolAsync(); // someone else has a token; this user has none

        (await VerifyAsync(app, "never-enrolled-" + Guid.NewGuid(), "123456")).ShouldBe(new TotpVerification(TotpVerificationOutcome.NoActiveToken, null));
    }

    [Fact]
    public async Task A_pending_enrolment_is_not_an_active_token()
    {
        (var alice, userId) = await shared.SignInAsNewUserAsync();
        var begun = await alice.GraphQLAsync("mutation{ beginTokenEnrollment(description:\"Phone\"){ secret } }");
        var secret = OtpNet.Base32Encoding.ToBytes(begun.GetProperty("data").GetProperty("beginTokenEnrollment").GetProperty("secret").GetString()!);

        (await VerifyAsync(alice.CodeNow(secret))).Outcome.ShouldBe(TotpVerificationOutcome.NoActiveToken);
    }

    [Theory]
    [InlineData("{0} {1}")]
    [InlineData("{0}-{1}")]
    [InlineData(" {0} - {1} ")]
    public async Task Spaces_and_dashes_in_a_code_are_ignored(string format)
    {
        var (alice, tokenId, secret) = await EnrolAsync();
        var code = alice.CodeNow(secret, stepOffset: 1);
        var typed = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, code[..3], code[3..]);

        (await VerifyAsync(typed)).ShouldBe(new TotpVerification(TotpVerificationOutcome.Accepted, tokenId));
    }

    [Fact]
    public async Task A_code_of_any_active_token_of_the_user_is_accepted_for_that_token()
    {
        var (alice, _, _) = await EnrolAsync("Phone");
        var (laptopId, laptopSecret) = await alice.EnrolTokenAsync("Laptop");

        (await VerifyAsync(alice.CodeNow(laptopSecret, stepOffset: 1)))
            .ShouldBe(new TotpVerification(TotpVerificationOutcome.Accepted, Guid.Parse(laptopId)));
    }

    [Fact]
    public async Task A_removed_tokens_codes_are_no_longer_accepted()
    {
        var (alice, phoneId, phoneSecret) = await EnrolAsync("Phone");
        var (_, laptopSecret) = await alice.EnrolTokenAsync("Laptop");
        var removed = await alice.GraphQLWithStepUpAsync(alice.CodeNow(laptopSecret, stepOffset: 1), "mutation($t:ID!){ removeToken(tokenId:$t){ removedTokenId } }",
            new { t = phoneId });
        removed.ShouldHaveNoErrors();

        (await VerifyAsync(alice.CodeNow(phoneSecret, stepOffset: 1))).ShouldBe(new TotpVerification(TotpVerificationOutcome.InvalidCode, null));
    }

    [Fact]
    public async Task After_the_last_token_is_removed_the_user_has_no_active_token()
    {
        var (alice, tokenId, secret) = await EnrolAsync();
        var removed = await alice.GraphQLWithStepUpAsync(alice.CodeNow(secret, stepOffset: 1), "mutation($t:ID!){ removeToken(tokenId:$t){ mfaTurnedOff } }",
            new { t = tokenId });
        removed.ShouldHaveNoErrors();

        (await VerifyAsync(alice.CodeNow(secret, stepOffset: 1))).Outcome.ShouldBe(TotpVerificationOutcome.NoActiveToken);
    }

    [Fact]
    public async Task Of_eight_concurrent_uses_of_one_code_exactly_one_is_accepted()
    {
        var (alice, tokenId, secret) = await EnrolAsync();
        var code = alice.CodeNow(secret, stepOffset: 1);
        using var start = new Barrier(8);

        // Each on a thread of its own, released together, each with its own DI scope and DbContext.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(async () =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30)).ShouldBeTrue("all eight verifications should start together");
            return await VerifyAsync(code);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));

        results.Count(r => r.Outcome == TotpVerificationOutcome.Accepted).ShouldBe(1, string.Join(", ", results.Select(r => r.Outcome)));
        results.Where(r => r.Outcome != TotpVerificationOutcome.Accepted)
            .ShouldAllBe(r => r.Outcome == TotpVerificationOutcome.Replayed && r.TokenId == tokenId);
    }
}
