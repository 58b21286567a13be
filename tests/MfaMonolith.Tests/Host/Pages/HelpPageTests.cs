using System.Net;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.Pages;

/// <summary>Help at /help: open to everybody (the one who lost a phone most of all) and linked from every page.</summary>
public sealed class HelpPageTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Help_is_open_before_signing_in_and_covers_the_topics_users_ask_about()
    {
        var anonymous = new BrowserSession(app);

        var html = await anonymous.GetPageAsync("/help");

        html.ShouldContain("How to add a token");
        html.ShouldContain("Aegis Authenticator");
        html.ShouldContain("How to choose the services that ask for a code");
        html.ShouldContain("You lost your phone");
        html.ShouldContain("What backup codes are");
        html.ShouldContain("time is set automatically");
    }

    [Fact]
    public async Task The_sign_in_page_and_the_pages_of_a_signed_in_user_link_to_help_and_skip_to_the_content()
    {
        var anonymous = new BrowserSession(app);
        var signIn = await anonymous.GetPageAsync("/signin");
        signIn.ShouldContain("href=\"/help\"");
        signIn.ShouldContain("href=\"#main\"");

        var alice = await BrowserSession.SignInAsync(app);
        foreach (var path in new[] { "/tokens/new", "/settings/services", "/activity" })
        {
            var page = await alice.GetPageAsync(path);
            page.ShouldContain("href=\"/help\"", customMessage: path);
            page.ShouldContain("id=\"main\"", customMessage: path);
        }
    }

    [Fact]
    public async Task Help_is_reachable_while_the_second_factor_is_still_asked_for()
    {
        await BrowserSession.SignInWithTokenAsync(app, "alice");
        var alice = new BrowserSession(app);
        var response = await alice.PostFormAsync("/signin", "/signin", new() { ["username"] = "alice", ["password"] = "alice-demo-password" });
        response.Headers.Location!.OriginalString.ShouldStartWith("/signin/second-factor");

        var help = await alice.Client.GetAsync("/help");

        help.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
