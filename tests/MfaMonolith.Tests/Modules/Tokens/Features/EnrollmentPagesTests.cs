using System.Net;
using System.Web;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Tests.Support;
using OtpNet;

namespace MfaMonolith.Tests.Modules.Tokens.Features;

/// <summary>The enrolment pages as a browser uses them: forms with antiforgery tokens, Post/Redirect/Get.</summary>
public sealed class EnrollmentPagesTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_start_page_without_a_session_redirects_to_sign_in()
    {
        var anonymous = new BrowserSession(app);

        var response = await anonymous.Client.GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/signin");
    }

    [Fact]
    public async Task After_sign_in_the_start_page_leads_a_user_without_tokens_to_adding_one()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe("/tokens/new");
    }

    [Fact]
    public async Task A_description_leads_to_the_page_with_the_QR_code_the_link_and_the_grouped_secret()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var described = await alice.PostFormAsync("/tokens/new/description", "/tokens/new", new() { ["description"] = "My phone" });

        described.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        described.Headers.Location!.OriginalString.ShouldBe("/tokens/enrol");
        var page = await alice.GetPageAsync("/tokens/enrol");
        Html.AttributeValues(page, "img", "alt").ShouldContain(alt => alt.Contains("QR code", StringComparison.Ordinal));
        var otpauth = Html.AttributeValues(page, "a", "href").Where(h => h.StartsWith("otpauth://totp/", StringComparison.Ordinal)).ShouldHaveSingleItem();
        var secret = HttpUtility.ParseQueryString(new Uri(otpauth).Query)["secret"]!;
        page.ShouldContain(OtpAuthUri.Grouped(secret));
        (await alice.PendingEnrollmentIdAsync()).ShouldBe(Html.InputValue(page, "tokenId"));
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_user_on_the_page_with_the_QR_code_and_a_clear_message()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var secret = await BeginOnThePagesAsync(alice);
        var tokenId = await alice.PendingEnrollmentIdAsync();

        var response = await alice.PostFormAsync("/tokens/enrol", "/tokens/enrol",
            new() { ["tokenId"] = tokenId!, ["code"] = alice.CodeNow(secret, stepOffset: 5) });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        Html.AttributeValues(page, "img", "alt").ShouldContain(alt => alt.Contains("QR code", StringComparison.Ordinal));
        Html.Alerts(page).ShouldHaveSingleItem().ShouldStartWith("That code is not right.");
        // The commonest cause of a right code refused: a phone whose clock drifts.
        Html.Alerts(page).Single().ShouldContain("time is set automatically");
        (await alice.PendingEnrollmentIdAsync()).ShouldBe(tokenId);
        (await alice.MyTokensAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_right_code_enrols_the_first_token_and_leads_to_the_activation_message()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var secret = await BeginOnThePagesAsync(alice);
        var tokenId = await alice.PendingEnrollmentIdAsync();

        var response = await alice.PostFormAsync("/tokens/enrol", "/tokens/enrol", new() { ["tokenId"] = tokenId!, ["code"] = alice.CodeNow(secret) });

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe("/setup/verified");
        (await alice.MyTokensAsync()).ShouldBe([(tokenId!, "My phone")]);
        (await alice.GetPageAsync("/setup/verified")).ShouldContain(">Continue</button>");
        (await alice.GetPageAsync("/setup/activated")).ShouldContain("Multi-Factor Authentication is now activated", Case.Insensitive);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_description_shows_the_form_again_with_a_clear_message(string description)
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.PostFormAsync("/tokens/new/description", "/tokens/new", new() { ["description"] = description });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        Html.Alerts(page).ShouldBe(["Enter a description."]);
        Html.InputValue(page, "description").ShouldNotBeNull();
        (await alice.PendingEnrollmentIdAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_description_posted_without_the_antiforgery_token_is_refused_and_starts_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.GetPageAsync("/tokens/new/description"); // the browser holds the antiforgery cookie, the forged form lacks the field

        var response = await alice.Client.PostAsync("/tokens/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["description"] = "Forged" }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await alice.PendingEnrollmentIdAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task A_right_code_posted_without_the_antiforgery_token_is_refused_and_enrols_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var secret = await BeginOnThePagesAsync(alice);
        var tokenId = await alice.PendingEnrollmentIdAsync();

        var response = await alice.Client.PostAsync("/tokens/enrol", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["tokenId"] = tokenId!, ["code"] = alice.CodeNow(secret) }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await alice.MyTokensAsync()).ShouldBeEmpty();
        (await alice.PendingEnrollmentIdAsync()).ShouldBe(tokenId);
    }

    /// <summary>Starts an enrolment through the pages and reads the secret the way an app would: from the otpauth:// link.</summary>
    private static async Task<byte[]> BeginOnThePagesAsync(BrowserSession user)
    {
        var described = await user.PostFormAsync("/tokens/new/description", "/tokens/new", new() { ["description"] = "My phone" });
        described.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var page = await user.GetPageAsync("/tokens/enrol");
        var otpauth = Html.AttributeValues(page, "a", "href").Single(h => h.StartsWith("otpauth://", StringComparison.Ordinal));
        return Base32Encoding.ToBytes(HttpUtility.ParseQueryString(new Uri(otpauth).Query)["secret"]!);
    }
}
