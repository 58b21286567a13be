using System.Net;
using System.Text.RegularExpressions;
using MfaMonolith.Tests.Support;
using static MfaMonolith.Tests.Modules.ServicePolicies.Features.ServicePoliciesApi;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>
/// The Service Settings page over HTTP: the names the product contract promises, a form post that turns checked boxes
/// into included categories and unchecked services into exclusions, and a wrong code that keeps the page and the setting.
/// </summary>
public sealed partial class ServiceSettingsPagesTests : IDisposable
{
    private const string PagePath = "/settings/services";
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    private sealed record Choice(string Type, string Name, string Value, bool Checked, string Label);

    [Fact]
    public async Task The_page_shows_all_services_every_category_and_service_the_code_field_and_the_save_button()
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();

        var html = await alice.GetPageAsync(PagePath);

        var choices = Choices(html);
        choices.ShouldContain(new Choice("radio", "scope", "all", true, "All services"));
        choices.Single(c => c.Value == "selected").Checked.ShouldBeFalse();
        foreach (var (id, label, services) in await alice.CatalogAsync())
        {
            choices.ShouldContain(c => c.Type == "checkbox" && c.Name == "category" && c.Value == id && c.Label == label, label);
            foreach (var (serviceId, serviceLabel) in services)
                choices.ShouldContain(c => c.Type == "checkbox" && c.Name == "service" && c.Value == serviceId && c.Label == serviceLabel, serviceLabel);
        }

        // Checked = MFA required: with all services chosen, every box is checked.
        choices.Where(c => c.Type == "checkbox").ShouldAllBe(c => c.Checked);
        choices.Count(c => c.Name == "category").ShouldBe(3);
        choices.Count(c => c.Name == "service").ShouldBe(7);
        html.ShouldContain("<label for=\"code\">Verification code</label>");
        Html.Tags(html, "input").ShouldContain(t => t.Contains("id=\"code\"", StringComparison.Ordinal) && t.Contains("name=\"code\"", StringComparison.Ordinal));
        ButtonTexts(html).ShouldContain("Save settings");
    }

    [Fact]
    public async Task Posting_selected_categories_with_unchecked_services_saves_them_as_exclusions()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();

        var response = await PostAsync(alice, [
            ("scope", "selected"),
            ("category", "research"), ("category", "teaching"),
            ("service", ResearchCloud), ("service", CollabWiki), /* HPC portal unchecked */
            ("service", Moodle), ("service", Exams),
            ("service", Erp), /* a service of an unchecked category: does not matter */
            ("code", alice.CodeNow(secret, 1)),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        response.Headers.Location!.OriginalString.ShouldBe("/settings/services?saved=true");
        var saved = await alice.MyServiceSettingsAsync();
        saved.Mode.ShouldBe("SELECTED");
        saved.IncludedCategories.ShouldBe(["research", "teaching"], ignoreOrder: true);
        saved.ExcludedRelyingParties.ShouldBe([HpcPortal]);
        saved.Status.ShouldBe("ENFORCED_PARTIALLY");
        (await app.MfaRequirementAsync("alice", HpcPortal)).ShouldBe((false, "NOT_ENFORCED"));
        (await app.MfaRequirementAsync("alice", Exams)).ShouldBe((true, "ENFORCED_CATEGORY"));

        var html = await alice.GetPageAsync("/settings/services?saved=true");
        html.ShouldContain("role=\"status\"");
        html.ShouldContain("Your settings are saved.");
        var choices = Choices(html);
        choices.Single(c => c.Value == "selected").Checked.ShouldBeTrue();
        choices.Single(c => c.Value == "all").Checked.ShouldBeFalse();
        choices.Single(c => c.Value == "research").Checked.ShouldBeTrue();
        choices.Single(c => c.Value == "teaching").Checked.ShouldBeTrue();
        choices.Single(c => c.Value == "admin").Checked.ShouldBeFalse();
        // The services of a category not chosen do not need MFA, so they are not checked either.
        choices.Single(c => c.Value == Erp).Checked.ShouldBeFalse();
        choices.Single(c => c.Value == Hr).Checked.ShouldBeFalse();
        choices.Single(c => c.Value == HpcPortal).Checked.ShouldBeFalse();
        choices.Single(c => c.Value == ResearchCloud).Checked.ShouldBeTrue();
        choices.Single(c => c.Value == Exams).Checked.ShouldBeTrue();
    }

    [Fact]
    public async Task Posting_all_services_saves_all()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, ["admin"], [], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var response = await PostAsync(alice, [("scope", "all"), ("category", "research"), ("code", alice.CodeNow(secret, 1))]);

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("ALL", [], [], "ENFORCED_ALL"));
    }

    [Fact]
    public async Task A_wrong_code_keeps_the_page_with_an_error_and_changes_nothing()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        var wrong = WrongCodeCandidates.First(c => c != alice.CodeNow(secret) && c != alice.CodeNow(secret, 1) && c != alice.CodeNow(secret, -1));

        var response = await PostAsync(alice, [("scope", "selected"), ("category", "admin"), ("service", Erp), ("code", wrong)]);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        Html.Alerts(html).ShouldContain(a => a.Contains("not right", StringComparison.Ordinal));
        ButtonTexts(html).ShouldContain("Save settings");
        // The page keeps what she chose so she can just type the right code.
        var choices = Choices(html);
        choices.Single(c => c.Value == "selected").Checked.ShouldBeTrue();
        choices.Single(c => c.Value == "admin").Checked.ShouldBeTrue();
        choices.Single(c => c.Value == Hr).Checked.ShouldBeFalse();
        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("ALL", [], [], "ENFORCED_ALL"));
        (await app.MfaRequirementAsync("alice", Moodle)).ShouldBe((true, "ENFORCED_ALL"));
    }

    [Fact]
    public async Task Labels_are_HTML_encoded()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        const string CategoryLabel = "<script>alert(1)</script> R&D \"lab\"";
        const string ServiceLabel = "<img src=x onerror=alert(2)>";
        (await admin.SaveCategoryAsync("evil", CategoryLabel)).ShouldHaveNoErrors();
        (await admin.SaveRelyingPartyAsync("\"><b>sp</b>", ServiceLabel, "evil")).ShouldHaveNoErrors();
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();

        var html = await alice.GetPageAsync(PagePath);

        html.ShouldNotContain("<script>alert(1)");
        html.ShouldNotContain("<img src=x");
        html.ShouldNotContain("<b>sp</b>");
        var choices = Choices(html);
        choices.ShouldContain(c => c.Name == "category" && c.Value == "evil" && c.Label == CategoryLabel);
        choices.ShouldContain(c => c.Name == "service" && c.Value == "\"><b>sp</b>" && c.Label == ServiceLabel);
    }

    [Fact]
    public async Task Without_JavaScript_unticking_a_category_under_the_radio_as_shown_saves_what_is_ticked_not_all()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        var shown = Html.Tags(await alice.GetPageAsync(PagePath), "input").Single(t => t.Contains("name=\"shownScope\"", StringComparison.Ordinal));
        shown.ShouldContain("value=\"all\"");

        // The radio stays on "All services" (nothing moves it without JavaScript); the admin category is unticked.
        var response = await PostAsync(alice, [
            ("scope", "all"), ("shownScope", "all"),
            ("category", "research"), ("category", "teaching"),
            ("service", ResearchCloud), ("service", CollabWiki), ("service", HpcPortal), ("service", Moodle), ("service", Exams),
            ("code", alice.CodeNow(secret, 1)),
        ]);

        response.StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        var saved = await alice.MyServiceSettingsAsync();
        saved.Mode.ShouldBe("SELECTED");
        saved.IncludedCategories.ShouldBe(["research", "teaching"], ignoreOrder: true);
        saved.ExcludedRelyingParties.ShouldBeEmpty();
        (await app.MfaRequirementAsync("alice", Erp)).ShouldBe((false, "NOT_ENFORCED"));
    }

    [Fact]
    public async Task Choosing_All_services_saves_all_whatever_is_ticked_and_ticking_everything_saves_all_as_Perun_does()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, ["admin"], [], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        (await PostAsync(alice, [("scope", "all"), ("shownScope", "selected"), ("category", "admin"), ("code", alice.CodeNow(secret, 1))]))
            .StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await alice.MyServiceSettingsAsync()).Mode.ShouldBe("ALL");

        (await alice.SaveServiceSettingsAsync(false, ["admin"], [], null)).ShouldHaveNoErrors();
        (await PostAsync(alice, [
            ("scope", "selected"), ("shownScope", "selected"),
            ("category", "research"), ("category", "teaching"), ("category", "admin"),
            ("service", ResearchCloud), ("service", CollabWiki), ("service", HpcPortal), ("service", Moodle), ("service", Exams), ("service", Erp), ("service", Hr),
        ])).StatusCode.ShouldBe(HttpStatusCode.SeeOther);
        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("ALL", [], [], "ENFORCED_ALL"));
    }

    [Fact]
    public async Task No_setting_shows_as_a_selection_of_nothing_not_as_All_services()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, [], [], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();

        var choices = Choices(await alice.GetPageAsync(PagePath));

        choices.Single(c => c.Value == "selected").Checked.ShouldBeTrue();
        choices.Single(c => c.Value == "all").Checked.ShouldBeFalse();
        choices.Where(c => c.Type == "checkbox").ShouldAllBe(c => !c.Checked);
    }

    internal static async Task<HttpResponseMessage> PostAsync(BrowserSession user, (string Name, string Value)[] fields)
    {
        var html = await user.GetPageAsync(PagePath);
        var token = Html.InputValue(html, "__RequestVerificationToken").ShouldNotBeNull();
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token));
        return await user.Client.PostAsync(PagePath, new FormUrlEncodedContent(form));
    }

    /// <summary>Every <c>&lt;label&gt;&lt;input&gt; text&lt;/label&gt;</c> of the page: what a screen reader names each box.</summary>
    private static IReadOnlyList<Choice> Choices(string html) =>
        [.. LabelledInput().Matches(html).Select(m =>
        {
            var tag = m.Groups[1].Value;
            string Attribute(string name) => Html.AttributeValues(tag, "input", name).SingleOrDefault() ?? "";
            return new Choice(Attribute("type"), Attribute("name"), Attribute("value"),
                Regex.IsMatch(tag, "\\schecked(\\s|=|/|>)"), WebUtility.HtmlDecode(Regex.Replace(m.Groups[2].Value, "\\s+", " ").Trim()));
        })];

    private static IReadOnlyList<string> ButtonTexts(string html) =>
        [.. Regex.Matches(html, "<button[^>]*>(.*?)</button>", RegexOptions.Singleline).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim())];

    [GeneratedRegex("<label[^>]*>\\s*(<input[^>]*>)(.*?)</label>", RegexOptions.Singleline)]
    private static partial Regex LabelledInput();
}
