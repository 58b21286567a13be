using MfaMonolith.Tests.Support;
using static MfaMonolith.Tests.Modules.ServicePolicies.Features.ServicePoliciesApi;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>
/// The service catalogue: seeded from configuration when empty, then managed by admins through GraphQL. Every change
/// decides the ProxyIdP's answers at once, and deleting a category takes it out of users' settings.
/// </summary>
public sealed class ManageCatalogTests : IDisposable
{
    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task The_Development_seed_is_present()
    {
        var alice = await BrowserSession.SignInAsync(app);

        var catalog = await alice.CatalogAsync();

        catalog.Select(c => (c.Id, c.Label)).ShouldBe(
            [("admin", "Administration and finance"), ("research", "Research infrastructure"), ("teaching", "Teaching and learning")], ignoreOrder: true);
        catalog.Single(c => c.Id == "research").Services.Select(s => s.Id).ShouldBe([ResearchCloud, CollabWiki, HpcPortal], ignoreOrder: true);
        catalog.Single(c => c.Id == "research").Services.ShouldContain((HpcPortal, "HPC portal (OIDC)"));
        catalog.Single(c => c.Id == "admin").Services.Select(s => s.Id).ShouldBe([Erp, Hr], ignoreOrder: true);
        catalog.Single(c => c.Id == "teaching").Services.Select(s => s.Id).ShouldBe([Moodle, Exams], ignoreOrder: true);
    }

    [Fact]
    public async Task An_admin_adds_relabels_moves_and_removes_services_and_categories()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        var alice = await BrowserSession.SignInAsync(app);

        (await admin.SaveCategoryAsync("security", "Security tools")).ShouldHaveNoErrors();
        (await admin.SaveRelyingPartyAsync("vault-client", "Vault", "security")).ShouldHaveNoErrors();
        (await alice.CatalogAsync()).Single(c => c.Id == "security").ShouldSatisfyAllConditions(
            c => c.Label.ShouldBe("Security tools"),
            c => c.Services.ShouldBe([("vault-client", "Vault")]));

        (await admin.SaveCategoryAsync("security", "Security and secrets")).ShouldHaveNoErrors();
        (await admin.SaveRelyingPartyAsync("vault-client", "Secret vault", "security")).ShouldHaveNoErrors();
        var relabelled = (await alice.CatalogAsync()).Single(c => c.Id == "security");
        relabelled.Label.ShouldBe("Security and secrets");
        relabelled.Services.ShouldBe([("vault-client", "Secret vault")]);

        var moved = await admin.SaveRelyingPartyAsync("vault-client", "Secret vault", "admin");
        moved.ShouldHaveNoErrors();
        var catalog = await alice.CatalogAsync();
        catalog.Single(c => c.Id == "security").Services.ShouldBeEmpty();
        catalog.Single(c => c.Id == "admin").Services.ShouldContain(("vault-client", "Secret vault"));

        (await admin.RemoveRelyingPartyAsync("vault-client")).ShouldHaveNoErrors();
        (await admin.DeleteCategoryAsync("security")).ShouldHaveNoErrors();
        catalog = await alice.CatalogAsync();
        catalog.Select(c => c.Id).ShouldBe(["admin", "research", "teaching"], ignoreOrder: true);
        catalog.SelectMany(c => c.Services).Select(s => s.Id).ShouldNotContain("vault-client");
    }

    [Fact]
    public async Task Labels_per_language_are_saved_read_and_kept_when_only_the_default_label_changes()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        const string Save = """
            mutation($l:[LocalizedLabelInput!]) { saveServiceCategory(id:"library", label:"Library", labels:$l){ id } }
            """;
        const string Read = "{ serviceCatalog { id label labels { language label } relyingParties { id labels { language label } } } }";

        (await admin.GraphQLAsync(Save, new { l = new[] { new { language = "cs", label = "Knihovna" } } })).ShouldHaveNoErrors();
        (await admin.SaveCategoryAsync("library", "The library")).ShouldHaveNoErrors();

        var catalog = await admin.GraphQLAsync(Read);
        catalog.ShouldHaveNoErrors();
        var library = catalog.GetProperty("data").GetProperty("serviceCatalog").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "library");
        library.GetProperty("label").GetString().ShouldBe("The library");
        library.GetProperty("labels").EnumerateArray().Select(l => (l.GetProperty("language").GetString(), l.GetProperty("label").GetString()))
            .ShouldBe([("cs", "Knihovna"), ("en", "The library")]);
        // A category configured with one label has it in the default language.
        var admins = catalog.GetProperty("data").GetProperty("serviceCatalog").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "admin");
        admins.GetProperty("labels").EnumerateArray().Select(l => l.GetProperty("language").GetString()).ShouldBe(["en"]);
        var research = catalog.GetProperty("data").GetProperty("serviceCatalog").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "research");
        research.GetProperty("labels").EnumerateArray().Select(l => (l.GetProperty("language").GetString(), l.GetProperty("label").GetString()))
            .ShouldBe([("cs", "Výzkumná infrastruktura"), ("en", "Research infrastructure")]);
    }

    [Theory]
    [InlineData("en_GB", "Bad", "not a language tag")]
    [InlineData("cs", "", "1–256 characters")]
    [InlineData("cs", "Twice", "given twice")]
    public async Task Bad_labels_per_language_are_clear_errors_and_change_nothing(string language, string label, string expected)
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        var before = await admin.CatalogAsync();
        var labels = expected == "given twice" ? new[] { new { language, label }, new { language, label } } : [new { language, label }];

        var response = await admin.GraphQLAsync(
            "mutation($l:[LocalizedLabelInput!]) { saveServiceCategory(id:\"research\", label:\"Research\", labels:$l){ id } }", new { l = labels });

        response.FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        response.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain(expected);
        Flat(await admin.CatalogAsync()).ShouldBe(Flat(before));
    }

    private static string Flat(IReadOnlyList<(string Id, string Label, IReadOnlyList<(string Id, string Label)> Services)> catalog) =>
        string.Join("; ", catalog.Select(c => $"{c.Id}={c.Label}[{string.Join(", ", c.Services.Select(s => $"{s.Id}={s.Label}"))}]"));

    [Fact]
    public async Task Bad_catalogue_changes_are_clear_errors()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);

        (await admin.SaveRelyingPartyAsync("orphan", "Orphan", "no-such-category")).FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        (await admin.SaveCategoryAsync("x", "")).FirstErrorCode().ShouldBe("VALIDATION_FAILED");
        (await admin.DeleteCategoryAsync("no-such-category")).FirstErrorCode().ShouldBe("NOT_FOUND");
        (await admin.RemoveRelyingPartyAsync("no-such-service")).FirstErrorCode().ShouldBe("NOT_FOUND");
        (await admin.CatalogAsync()).Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_user_who_is_not_an_admin_and_an_API_client_are_FORBIDDEN()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var before = await alice.CatalogAsync();
        using var proxyIdp = app.ProxyIdpClient();
        const string Mutations = """
            mutation {
              a: saveServiceCategory(id: "evil", label: "Evil") { id }
            }
            """;

        foreach (var response in new[]
        {
            await alice.SaveCategoryAsync("evil", "Evil"),
            await alice.DeleteCategoryAsync("research"),
            await alice.SaveRelyingPartyAsync("evil-sp", "Evil", "research"),
            await alice.RemoveRelyingPartyAsync(Moodle),
            await proxyIdp.GraphQLAsync(Mutations),
            await proxyIdp.GraphQLAsync("mutation { deleteServiceCategory(id: \"research\") { id } }"),
            await proxyIdp.GraphQLAsync("mutation { saveRelyingParty(id: \"evil-sp\", label: \"Evil\", categoryId: \"research\") { id } }"),
            await proxyIdp.GraphQLAsync("mutation { removeRelyingParty(id: \"moodle-client\") { id } }"),
        })
        {
            response.FirstErrorCode().ShouldBe("FORBIDDEN", response.ToString());
        }

        var after = await alice.CatalogAsync();
        after.Select(c => (c.Id, c.Label, string.Join(",", c.Services))).ShouldBe(before.Select(c => (c.Id, c.Label, string.Join(",", c.Services))));
    }

    [Fact]
    public async Task Deleting_a_category_takes_it_and_its_exclusions_out_of_users_settings()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, ["research", "teaching"], [HpcPortal, Exams], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();
        (await app.MfaRequirementAsync("alice", Moodle)).ShouldBe((true, "ENFORCED_CATEGORY"));

        (await admin.DeleteCategoryAsync("teaching")).ShouldHaveNoErrors();

        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("SELECTED", ["research"], [HpcPortal], "ENFORCED_PARTIALLY"));
        (await app.MfaRequirementAsync("alice", Moodle)).ShouldBe((false, "NOT_ENFORCED"));
        (await app.MfaRequirementAsync("alice", ResearchCloud)).ShouldBe((true, "ENFORCED_CATEGORY"));

        (await admin.DeleteCategoryAsync("research")).ShouldHaveNoErrors();
        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("SELECTED", [], [], "OFF"));
        (await app.MfaRequirementAsync("alice", ResearchCloud)).ShouldBe((false, "NOT_ENFORCED"));
    }

    [Fact]
    public async Task A_catalogue_change_decides_the_answers_at_once()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, ["admin"], [], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();
        (await app.MfaRequirementAsync("alice", "https://new.example.org/sp")).ShouldBe((false, "NOT_ENFORCED"));
        (await app.MfaRequirementAsync("alice", Erp)).ShouldBe((true, "ENFORCED_CATEGORY"));

        (await admin.SaveRelyingPartyAsync("https://new.example.org/sp", "New service", "admin")).ShouldHaveNoErrors();
        (await app.MfaRequirementAsync("alice", "https://new.example.org/sp")).ShouldBe((true, "ENFORCED_CATEGORY"));

        (await admin.SaveRelyingPartyAsync(Erp, "ERP and payroll", "research")).ShouldHaveNoErrors();
        (await app.MfaRequirementAsync("alice", Erp)).ShouldBe((false, "NOT_ENFORCED"));

        (await admin.RemoveRelyingPartyAsync("https://new.example.org/sp")).ShouldHaveNoErrors();
        (await app.MfaRequirementAsync("alice", "https://new.example.org/sp")).ShouldBe((false, "NOT_ENFORCED"));
    }

    [Fact]
    public async Task Removing_or_moving_a_service_forgets_its_exclusion_so_a_service_added_again_is_not_silently_excluded()
    {
        var admin = await BrowserSession.SignInAsAdminAsync(app);
        var alice = await BrowserSession.SignInAsync(app);
        var (_, secret) = await alice.EnrolTokenAsync();
        (await alice.SaveServiceSettingsAsync(false, ["research", "teaching"], [HpcPortal, Exams], alice.CodeNow(secret, 1))).ShouldHaveNoErrors();

        (await admin.RemoveRelyingPartyAsync(HpcPortal)).ShouldHaveNoErrors();
        (await admin.SaveRelyingPartyAsync(Exams, "Online exams", "research")).ShouldHaveNoErrors();
        (await admin.SaveRelyingPartyAsync(HpcPortal, "HPC portal (OIDC)", "research")).ShouldHaveNoErrors();

        (await alice.MyServiceSettingsAsync()).ShouldBe(new Settings("SELECTED", ["research", "teaching"], [], "ENFORCED_PARTIALLY"));
        (await app.MfaRequirementAsync("alice", HpcPortal)).ShouldBe((true, "ENFORCED_CATEGORY"));
        (await app.MfaRequirementAsync("alice", Exams)).ShouldBe((true, "ENFORCED_CATEGORY"));
    }
}
