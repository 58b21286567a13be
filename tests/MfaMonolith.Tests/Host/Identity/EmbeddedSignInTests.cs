using System.Net;
using MfaMonolith.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Tests.Host.Identity;

/// <summary>
/// The built-in sign-in: password, then a code once the user has a token; sessions that Log out, idleness and age
/// end on the server, whatever copy of the cookie exists.
/// </summary>
public sealed class EmbeddedSignInTests : IDisposable
{
    private const string SessionCookie = "mfa.session";
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_and_gives_no_session()
    {
        var visitor = new BrowserSession(app);

        var response = await visitor.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "not-her-password" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        Html.Alerts(page).ShouldHaveSingleItem().ShouldContain("incorrect");
        Html.InputValue(page, "username").ShouldBe("alice");
        SessionCookieIn(response).ShouldBeNull();
        await ShouldBeSentToSignIn(visitor.Client, "/tokens");
    }

    [Fact]
    public async Task Once_a_user_has_a_token_the_password_alone_gives_no_session()
    {
        await EnrolAliceAsync();
        var visitor = new BrowserSession(app);

        var response = await visitor.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password" });

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldStartWith("/signin/second-factor");
        SessionCookieIn(response).ShouldBeNull();
        await ShouldBeSentToSignIn(visitor.Client, "/tokens");
        (await visitor.GraphQLAsync("{ myTokens { id } }")).FirstErrorCode().ShouldBe("UNAUTHENTICATED");
    }

    [Fact]
    public async Task A_wrong_code_on_the_second_factor_is_an_error_and_gives_no_session()
    {
        var secret = await EnrolAliceAsync();
        var visitor = await PasswordOnlyAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var response = await visitor.PostFormAsync("/signin/second-factor", "/signin/second-factor", new() { ["code"] = visitor.CodeNow(secret, stepOffset: 5) });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Alerts(await response.Content.ReadAsStringAsync()).ShouldHaveSingleItem().ShouldStartWith("That code is not right.");
        SessionCookieIn(response).ShouldBeNull();
        await ShouldBeSentToSignIn(visitor.Client, "/tokens");
    }

    [Fact]
    public async Task The_code_already_used_to_enrol_is_refused_on_the_second_factor()
    {
        var secret = await EnrolAliceAsync();
        var visitor = await PasswordOnlyAsync();

        var response = await visitor.PostFormAsync("/signin/second-factor", "/signin/second-factor", new() { ["code"] = visitor.CodeNow(secret) });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Html.Alerts(await response.Content.ReadAsStringAsync()).ShouldHaveSingleItem().ShouldContain("already used");
        await ShouldBeSentToSignIn(visitor.Client, "/tokens");
    }

    [Fact]
    public async Task The_right_code_on_the_second_factor_gives_a_session()
    {
        var secret = await EnrolAliceAsync();
        var visitor = await PasswordOnlyAsync();
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var response = await visitor.PostFormAsync("/signin/second-factor", "/signin/second-factor", new() { ["code"] = visitor.CodeNow(secret) });

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe("/");
        SessionCookieIn(response).ShouldNotBeNull();
        (await visitor.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await visitor.MyTokensAsync()).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_second_factor_page_without_a_password_first_sends_back_to_sign_in()
    {
        var visitor = new BrowserSession(app);

        var response = await visitor.Client.GetAsync("/signin/second-factor");

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe("/signin");
    }

    [Fact]
    public async Task A_copied_session_cookie_works_until_Log_out_and_never_after()
    {
        var alice = new BrowserSession(app);
        var signedIn = await alice.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password" });
        var copied = SessionCookieIn(signedIn).ShouldNotBeNull();
        (await GetWithCookieAsync("/tokens", copied)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var loggedOut = await alice.PostFormAsync("/tokens", "/signout", []);

        loggedOut.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        loggedOut.Headers.Location!.OriginalString.ShouldBe("/signin?signedOut=true");
        await ShouldBeSentToSignIn(alice.Client, "/tokens");
        var replayed = await GetWithCookieAsync("/tokens", copied);
        replayed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        replayed.Headers.Location!.AbsolutePath.ShouldBe("/signin");
    }

    [Fact]
    public async Task Log_out_without_the_antiforgery_token_is_refused_and_the_session_goes_on()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var response = await alice.Client.PostAsync("/signout", new FormUrlEncodedContent([]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await alice.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_session_idle_for_more_than_30_minutes_is_ended_on_the_server()
    {
        var alice = await BrowserSession.SignInAsync(app);
        app.Clock.Advance(TimeSpan.FromMinutes(29));
        (await alice.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(31));

        await ShouldBeSentToSignIn(alice.Client, "/tokens");
        (await alice.GraphQLAsync("{ myTokens { id } }")).FirstErrorCode().ShouldBe("UNAUTHENTICATED");
        await app.WithHostDbAsync(async db => (await db.UserSessions.SingleAsync()).EndedAt.ShouldNotBeNull());
    }

    [Fact]
    public async Task A_session_used_21_minutes_ago_is_still_live()
    {
        var alice = await BrowserSession.SignInAsync(app);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        (await alice.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(21));

        (await alice.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_session_kept_active_is_rejected_once_it_is_older_than_8_hours()
    {
        var alice = await BrowserSession.SignInAsync(app);
        for (var minutes = 20; minutes <= 8 * 60; minutes += 20)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            (await alice.Client.GetAsync("/tokens")).StatusCode.ShouldBe(HttpStatusCode.OK, $"after {minutes} minutes");
        }

        app.Clock.Advance(TimeSpan.FromMinutes(20));

        await ShouldBeSentToSignIn(alice.Client, "/tokens");
    }

    /// <summary>Alice enrols a token (signed in with her password, as before she had one); returns its secret.</summary>
    private async Task<byte[]> EnrolAliceAsync()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        return secret;
    }

    /// <summary>A browser that got past the password, and stands at the second-factor prompt.</summary>
    private async Task<BrowserSession> PasswordOnlyAsync()
    {
        var visitor = new BrowserSession(app);
        var response = await visitor.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password" });
        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        return visitor;
    }

    /// <summary>The <c>name=value</c> of the session cookie the response sets, or null.</summary>
    private static string? SessionCookieIn(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Select(c => c.Split(';', 2)[0]).FirstOrDefault(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal) && c.Length > SessionCookie.Length + 1)
            : null;

    /// <summary>A request from a fresh client that sends <paramref name="cookie"/> and nothing else.</summary>
    private async Task<HttpResponseMessage> GetWithCookieAsync(string path, string cookie)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static async Task ShouldBeSentToSignIn(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"GET {path}");
        response.Headers.Location!.AbsolutePath.ShouldBe("/signin");
    }
}
