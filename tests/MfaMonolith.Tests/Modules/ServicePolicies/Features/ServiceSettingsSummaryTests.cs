using System.Net;
using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using static MfaMonolith.Tests.Modules.ServicePolicies.Features.ServicePoliciesApi;
using static MfaMonolith.Tests.Modules.ServicePolicies.Features.ServiceSettingsPagesTests;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>
/// Service Settings in plain words (issue 13): what "selected services" means, and the list of services that will ask
/// for a code, as the server renders it (the saved setting: what a page without JavaScript shows after saving). A page
/// without JavaScript also gets a category it ticks counted whole, as the script would have ticked its services.
/// </summary>
public sealed partial class ServiceSettingsSummaryTests : IDisposable
{
    private const string PagePath = "/settings/services";
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_choice_of_selected_services_is_explained_in_plain_words_tied_to_its_radio()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();

        var html = await alice.GetPageAsync(PagePath);

        Html.Tags(html, "input").ShouldContain(t => t.Contains("value=\"selected\"", StringComparison.Ordinal)
                                                    && t.Contains("aria-describedby=\"scope-selected-hint\"", StringComparison.Ordinal));
        html.ShouldContain("id=\"scope-selected-hint\"");
        html.ShouldContain("a service you tick below asks for a code as well as your password");
        html.ShouldContain("unless the service itself asks for a second factor");
    }

    [Fact]
    public async Task Under_all_services_the_summary_says_all_services_ask()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();

        SummaryOf(await alice.GetPageAsync(PagePath)).ShouldBe("all");
    }

    [Fact]
    public async Task Under_a_selection_the_summary_lists_the_services_of_the_chosen_categories_less_the_exclusions()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, ["research", "teaching"], [HpcPortal], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();

        var summary = SummaryOf(await alice.GetPageAsync(PagePath));

        summary.ShouldBe("Collaboration wiki; Research Cloud; Learning platform; Online exams");
    }

    [Fact]
    public async Task A_selection_of_nothing_says_that_no_service_asks_unless_it_asks_itself()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, [], [], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();

        var html = await alice.GetPageAsync(PagePath);

        SummaryOf(html).ShouldBe("none");
        html.ShouldContain("Only a service that itself asks for a second factor will ask you for a code.");
    }

    [Fact]
    public async Task Without_JavaScript_a_category_ticked_with_none_of_its_services_counts_whole()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, ["research"], [], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();
        Html.Tags(await alice.GetPageAsync(PagePath), "input").Where(t => t.Contains("name=\"shownCategory\"", StringComparison.Ordinal))
            .ShouldHaveSingleItem().ShouldContain("value=\"research\"");

        // Teaching was shown unticked with its services unticked; she ticks the category only, as a page without a script lets her.
        var response = await PostAsync(alice, [
            ("scope", "selected"), ("shownScope", "selected"), ("shownCategory", "research"),
            ("category", "research"), ("category", "teaching"),
            ("service", ResearchCloud), ("service", CollabWiki),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("SELECTED", ["research", "teaching"], [HpcPortal], "ENFORCED_PARTIALLY"));
        SummaryOf(await alice.GetPageAsync(PagePath + "?saved=true")).ShouldBe("Collaboration wiki; Research Cloud; Learning platform; Online exams");
    }

    [Fact]
    public async Task A_category_shown_ticked_whose_services_are_all_unticked_keeps_them_excluded()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, ["research", "teaching"], [], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();

        // She unticked both services of Teaching and left the category as shown: those services do not ask.
        var response = await PostAsync(alice, [
            ("scope", "selected"), ("shownScope", "selected"), ("shownCategory", "research"), ("shownCategory", "teaching"),
            ("category", "research"), ("category", "teaching"),
            ("service", ResearchCloud), ("service", CollabWiki), ("service", HpcPortal),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var saved = await alice.MyServiceSettingsAsync();
        saved.IncludedCategories.ShouldBe(["research", "teaching"], ignoreOrder: true);
        saved.ExcludedRelyingParties.ShouldBe([Moodle, Exams], ignoreOrder: true);
        (await app.MfaRequirementAsync("alice", Moodle)).ShouldBe((false, "NOT_ENFORCED"));
    }

    [Fact]
    public async Task An_unknown_category_posted_to_the_page_is_refused_with_a_clear_error_and_changes_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();

        var response = await PostAsync(alice, [
            ("scope", "selected"), ("shownScope", "all"), ("shownCategory", "no-such-shown"),
            ("category", "no-such-category"), ("code", alice.CodeNow(secret, 1)),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Html.Alerts(html).ShouldContain(a => a.Contains("There is no service category 'no-such-category'.", StringComparison.Ordinal));
        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("ALL", [], [], "ENFORCED_ALL"));
    }

    /// <summary>What the summary shows (the parts without <c>hidden</c>): "all", "none", or the listed services in order.</summary>
    private static string SummaryOf(string html)
    {
        var section = SummarySection().Match(html);
        section.Success.ShouldBeTrue("the page has no summary of the services that will ask for a code");
        var part = section.Groups[1].Value;
        bool Shown(string name) => !Regex.IsMatch(Regex.Match(part, $"<[a-z]+ data-summary=\"{name}\"([^>]*)>").Groups[1].Value, "\\shidden(\\s|=|>|$)");
        var listed = Regex.Matches(Regex.Match(part, "<ul data-summary=\"list\"[^>]*>(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value, "<li>(.*?)</li>", RegexOptions.Singleline)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim());
        var shown = new List<string>();
        if (Shown("all"))
            shown.Add("all");
        if (Shown("none"))
            shown.Add("none");
        if (Shown("list"))
            shown.Add(string.Join("; ", listed));
        return shown.ShouldHaveSingleItem("the summary shows exactly one of: all, none, a list");
    }

    [GeneratedRegex("<section class=\"mfa-summary\"[^>]*>(.*?)</section>", RegexOptions.Singleline)]
    private static partial Regex SummarySection();
}
