using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

/// <summary>Managing one's tokens through GraphQL: rename freely, remove only with a code typed now.</summary>
public sealed class RenameAndRemoveTokenTests : IDisposable
{
    private const string Rename = "mutation($t:ID!,$d:String!){ renameToken(tokenId:$t, description:$d){ id description } }";
    private const string Remove = "mutation($t:ID!){ removeToken(tokenId:$t){ removedTokenId mfaTurnedOff } }";
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Renaming_a_token_stores_the_trimmed_description()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync("Phone");

        var response = await alice.GraphQLAsync(Rename, new { t = tokenId, d = "  Work laptop  " });

        response.ShouldHaveNoErrors();
        response.GetProperty("data").GetProperty("renameToken").GetProperty("description").GetString().ShouldBe("Work laptop");
        (await alice.MyTokensAsync()).ShouldBe([(tokenId, "Work laptop")]);
    }

    [Theory]
    [InlineData("", "Enter a description.")]
    [InlineData("   ", "Enter a description.")]
    [InlineData("line\nbreak", "control characters")]
    [InlineData("evil\u202Etxt.exe", "control characters")]
    public async Task Renaming_to_a_bad_description_is_a_clear_error_and_keeps_the_old_one(string description, string message)
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync("Phone");

        var response = await alice.GraphQLAsync(Rename, new { t = tokenId, d = description });

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        response.FirstErrorMessage().ShouldContain(message);
        (await alice.MyTokensAsync()).ShouldBe([(tokenId, "Phone")]);
    }

    [Fact]
    public async Task Renaming_to_a_description_longer_than_64_characters_is_refused()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync("Phone");

        var response = await alice.GraphQLAsync(Rename, new { t = tokenId, d = new string('x', 65) });

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        response.FirstErrorMessage().ShouldContain("at most 64 characters");
        (await alice.MyTokensAsync()).ShouldBe([(tokenId, "Phone")]);
    }

    [Fact]
    public async Task Removing_a_token_with_a_wrong_code_is_INVALID_CODE_and_keeps_the_token()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, secret) = await alice.EnrolTokenAsync("Phone");
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var response = await alice.GraphQLWithStepUpAsync(alice.CodeNow(secret, stepOffset: 5), Remove, new { t = tokenId });

        response.FirstErrorCode().ShouldBe("INVALID_CODE");
        (await alice.MyTokensAsync()).ShouldBe([(tokenId, "Phone")]);
    }

    [Fact]
    public async Task Removing_a_token_with_a_malformed_code_is_INVALID_CODE_and_keeps_the_token()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync("Phone");

        // A step-up takes a TOTP code or a backup code alike; "12ab" is neither (ADR 0015).
        var response = await alice.GraphQLWithStepUpAsync("12ab", Remove, new { t = tokenId });

        response.FirstErrorCode().ShouldBe("INVALID_CODE");
        response.FirstErrorMessage().ShouldContain("not right");
        (await alice.MyTokensAsync()).ShouldBe([(tokenId, "Phone")]);
    }

    [Fact]
    public async Task Removing_a_token_with_the_code_already_used_to_enrol_it_is_REPLAYED_and_keeps_the_token()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, secret) = await alice.EnrolTokenAsync("Phone");
        var usedToEnrol = alice.CodeNow(secret);

        var response = await alice.GraphQLWithStepUpAsync(usedToEnrol, Remove, new { t = tokenId });

        response.FirstErrorCode().ShouldBe("REPLAYED");
        (await alice.MyTokensAsync()).ShouldBe([(tokenId, "Phone")]);
    }

    [Fact]
    public async Task A_code_that_removed_one_token_cannot_be_replayed_to_remove_another()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (first, firstSecret) = await alice.EnrolTokenAsync("Phone");
        var (second, _) = await alice.EnrolTokenAsync("Laptop");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = alice.CodeNow(firstSecret);
        (await alice.GraphQLWithStepUpAsync(code, Remove, new { t = second })).ShouldHaveNoErrors();

        var replayed = await alice.GraphQLWithStepUpAsync(code, Remove, new { t = first });

        replayed.FirstErrorCode().ShouldBe("REPLAYED");
        (await alice.MyTokensAsync()).ShouldBe([(first, "Phone")]);
    }

    [Fact]
    public async Task Removing_the_last_token_turns_MFA_off()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, secret) = await alice.EnrolTokenAsync("Phone");
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var response = await alice.GraphQLWithStepUpAsync(alice.CodeNow(secret), Remove, new { t = tokenId });

        response.ShouldHaveNoErrors();
        var removed = response.GetProperty("data").GetProperty("removeToken");
        removed.GetProperty("removedTokenId").GetString().ShouldBe(tokenId);
        removed.GetProperty("mfaTurnedOff").GetBoolean().ShouldBeTrue();
        (await alice.MyTokensAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Removing_one_of_two_tokens_keeps_MFA_on()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (phone, phoneSecret) = await alice.EnrolTokenAsync("Phone");
        var (laptop, _) = await alice.EnrolTokenAsync("Laptop");
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var response = await alice.GraphQLWithStepUpAsync(alice.CodeNow(phoneSecret), Remove, new { t = laptop });

        response.ShouldHaveNoErrors();
        response.GetProperty("data").GetProperty("removeToken").GetProperty("mfaTurnedOff").GetBoolean().ShouldBeFalse();
        (await alice.MyTokensAsync()).ShouldBe([(phone, "Phone")]);
    }

    [Fact]
    public async Task A_removed_token_cannot_be_renamed_or_removed_again()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (phone, phoneSecret) = await alice.EnrolTokenAsync("Phone");
        var (laptop, _) = await alice.EnrolTokenAsync("Laptop");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        (await alice.GraphQLWithStepUpAsync(alice.CodeNow(phoneSecret), Remove, new { t = laptop })).ShouldHaveNoErrors();
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var renamed = await alice.GraphQLAsync(Rename, new { t = laptop, d = "Back again" });
        var removedAgain = await alice.GraphQLWithStepUpAsync(alice.CodeNow(phoneSecret), Remove, new { t = laptop });

        renamed.FirstErrorCode().ShouldBe("NOT_FOUND");
        removedAgain.FirstErrorCode().ShouldBe("NOT_FOUND");
        (await alice.MyTokensAsync()).ShouldBe([(phone, "Phone")]);
    }
}
