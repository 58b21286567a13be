using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

/// <summary>A user reaches their own tokens only; another user's token id is as good as one that does not exist.</summary>
public sealed class TokenOwnershipTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Without_a_session_myTokens_is_an_UNAUTHENTICATED_error()
    {
        var anonymous = new BrowserSession(app);

        var response = await anonymous.GraphQLAsync("{ myTokens { id } }");

        response.FirstErrorCode().ShouldBe("UNAUTHENTICATED");
    }

    [Fact]
    public async Task Without_a_session_no_enrolment_can_be_started()
    {
        var anonymous = new BrowserSession(app);

        var response = await anonymous.GraphQLAsync("mutation { beginTokenEnrollment(description: \"Phone\") { tokenId } }");

        response.FirstErrorCode().ShouldBe("UNAUTHENTICATED");
        await app.WithTokensDbAsync(async db => db.Tokens.Count().ShouldBe(0));
    }

    [Fact]
    public async Task Bob_cannot_rename_alices_token()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (aliceToken, _) = await alice.EnrolTokenAsync("Alice's phone");
        var bob = await BrowserSession.SignInAsync(app, "bob");

        var response = await bob.GraphQLAsync("mutation($t:ID!){ renameToken(tokenId:$t, description:\"Bob's now\"){ id } }", new { t = aliceToken });

        response.FirstErrorCode().ShouldBe("NOT_FOUND");
        (await alice.MyTokensAsync()).ShouldBe([(aliceToken, "Alice's phone")]);
    }

    [Fact]
    public async Task Bob_cannot_remove_alices_token_even_with_a_right_code_of_his_own()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (aliceToken, _) = await alice.EnrolTokenAsync("Alice's phone");
        var bob = await BrowserSession.SignInAsync(app, "bob");
        var (_, bobSecret) = await bob.EnrolTokenAsync("Bob's phone");
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var response = await bob.GraphQLWithStepUpAsync(bob.CodeNow(bobSecret), "mutation($t:ID!){ removeToken(tokenId:$t){ removedTokenId } }",
            new { t = aliceToken });

        response.FirstErrorCode().ShouldBe("NOT_FOUND");
        (await alice.MyTokensAsync()).ShouldBe([(aliceToken, "Alice's phone")]);
    }

    [Fact]
    public async Task Bobs_token_list_does_not_show_alices_tokens()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync("Alice's phone");
        var bob = await BrowserSession.SignInAsync(app, "bob");
        var (bobToken, _) = await bob.EnrolTokenAsync("Bob's phone");

        (await bob.MyTokensAsync()).ShouldBe([(bobToken, "Bob's phone")]);
    }

    [Fact]
    public async Task Bob_cannot_confirm_alices_pending_enrolment_even_with_its_right_code()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (pendingId, secret) = await alice.BeginEnrollmentAsync("Alice's phone");
        var bob = await BrowserSession.SignInAsync(app, "bob");

        var response = await bob.GraphQLAsync("mutation($t:ID!,$c:String!){ confirmTokenEnrollment(tokenId:$t, code:$c){ tokenId } }",
            new { t = pendingId, c = bob.CodeNow(secret) });

        response.FirstErrorCode().ShouldBe("NOT_FOUND");
        (await alice.PendingEnrollmentIdAsync()).ShouldBe(pendingId);
        (await alice.MyTokensAsync()).ShouldBeEmpty();
        (await bob.MyTokensAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("mutation { renameToken(tokenId: \"not-a-guid\", description: \"New\") { id } }")]
    [InlineData("mutation { removeToken(tokenId: \"not-a-guid\") { removedTokenId } }")]
    [InlineData("mutation { confirmTokenEnrollment(tokenId: \"not-a-guid\", code: \"123456\") { tokenId } }")]
    public async Task A_malformed_token_id_is_a_clear_VALIDATION_FAILED_error(string mutation)
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync("Phone");

        var response = await alice.GraphQLAsync(mutation);

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        response.FirstErrorMessage().ShouldBe("'tokenId' is not a valid id.");
        (await alice.MyTokensAsync()).ShouldBe([(tokenId, "Phone")]);
    }
}
