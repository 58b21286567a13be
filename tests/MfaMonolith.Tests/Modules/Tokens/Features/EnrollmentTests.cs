using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

public sealed class EnrollmentTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    private const string Begin = "mutation($d:String!){ beginTokenEnrollment(description:$d){ tokenId description otpauthUri secret secretGrouped expiresAt } }";
    private const string Confirm = "mutation($t:ID!,$c:String!){ confirmTokenEnrollment(tokenId:$t, code:$c){ tokenId isFirstToken } }";

    [Fact]
    public async Task A_code_from_the_shown_secret_enrols_the_token()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var begun = await alice.GraphQLAsync(Begin, new { d = "  My phone  " });
        begun.ShouldHaveNoErrors();
        var enrollment = begun.GetProperty("data").GetProperty("beginTokenEnrollment");
        enrollment.GetProperty("description").GetString().ShouldBe("My phone");
        var secret = Base32Encoding.ToBytes(enrollment.GetProperty("secret").GetString()!);
        secret.Length.ShouldBeGreaterThanOrEqualTo(20);

        var confirmed = await alice.GraphQLAsync(Confirm, new { t = enrollment.GetProperty("tokenId").GetString(), c = alice.CodeNow(secret) });

        confirmed.ShouldHaveNoErrors();
        confirmed.GetProperty("data").GetProperty("confirmTokenEnrollment").GetProperty("isFirstToken").GetBoolean().ShouldBeTrue();
        var tokens = await alice.GraphQLAsync("{ myTokens { description lastUsedAt } }");
        tokens.GetProperty("data").GetProperty("myTokens").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_wrong_code_leaves_the_enrolment_pending()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var begun = (await alice.GraphQLAsync(Begin, new { d = "Phone" })).GetProperty("data").GetProperty("beginTokenEnrollment");
        var secret = Base32Encoding.ToBytes(begun.GetProperty("secret").GetString()!);
        var wrong = alice.CodeNow(secret, stepOffset: 5);

        var response = await alice.GraphQLAsync(Confirm, new { t = begun.GetProperty("tokenId").GetString(), c = wrong });

        response.FirstErrorCode().ShouldBe("INVALID_CODE");
        (await alice.GraphQLAsync("{ myTokens { id } }")).GetProperty("data").GetProperty("myTokens").GetArrayLength().ShouldBe(0);
        (await alice.GraphQLAsync("{ myPendingEnrollment { tokenId } }")).GetProperty("data").GetProperty("myPendingEnrollment")
            .GetProperty("tokenId").GetString().ShouldBe(begun.GetProperty("tokenId").GetString());
    }

    [Fact]
    public async Task A_pending_enrolment_expires_after_ten_minutes()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var begun = (await alice.GraphQLAsync(Begin, new { d = "Phone" })).GetProperty("data").GetProperty("beginTokenEnrollment");
        var secret = Base32Encoding.ToBytes(begun.GetProperty("secret").GetString()!);
        app.Clock.Advance(TimeSpan.FromMinutes(10));

        var response = await alice.GraphQLAsync(Confirm, new { t = begun.GetProperty("tokenId").GetString(), c = alice.CodeNow(secret) });

        response.FirstErrorCode().ShouldBe("ENROLLMENT_EXPIRED");
        await app.WithTokensDbAsync(async db =>
            (await db.Tokens.SingleAsync()).State.ShouldBe(TokenState.Expired));
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();

        await app.WithTokensDbAsync(async db =>
        {
            var stored = (await db.Tokens.SingleAsync()).ProtectedSecret;
            stored.ShouldNotBe(secret);
            Convert.ToHexString(stored).ShouldNotContain(Convert.ToHexString(secret));
        });
    }
}
