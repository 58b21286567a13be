using System.Globalization;
using System.Text;
using System.Text.Json;
using Mediator;
using MfaMonolith.Host.Administration.Import;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Host.Administration.Import;

/// <summary>
/// <c>import catalogue</c> and <c>export catalogue</c> of Perun's <c>mfaCategories</c> on the real host, starting from
/// the Development catalogue (research, admin, teaching): categories named are made as the file says, labels per
/// language included; the others stay; a category that cannot be stored is refused alone, with its line.
/// </summary>
public sealed class ImportCatalogueTests : IDisposable
{
    private const string Wiki = "https://wiki.collab.example.org/saml/metadata";
    private const string ResearchCloud = "https://sp.research-cloud.example.org/shibboleth";
    private const string Library = "https://library.example.org/sp";
    private const string Exams = "https://exams.example.edu/shibboleth";
    private const string Erp = "https://erp.university.example.edu/sp";

    private static readonly string[] Users = ["lib-user", "research-user", "teaching-user"];

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    private static string Fixture(string name) => AdminCommand.Fixture(name);

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) => AdminCommand.RunAsync(app, args);

    private async Task<string> WriteAsync(string name, string content)
    {
        Directory.CreateDirectory(app.DataDirectory);
        var file = Path.Combine(app.DataDirectory, name);
        await File.WriteAllTextAsync(file, content);
        return file;
    }

    private async Task<string> ExportAsync()
    {
        var (exit, output) = await RunAsync("export", "catalogue");
        exit.ShouldBe(0, output);
        return output;
    }

    private async Task<IReadOnlyList<CategoryToImport>> CatalogueAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExportCatalogue());
    }

    private async Task<string> RequirementAsync(string user, string relyingParty)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var answer = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetMfaRequirement(user, relyingParty, []));
        return $"{answer.Required}/{answer.Reason}";
    }

    [Fact]
    public async Task Named_categories_become_what_the_file_says_and_the_rest_are_refused_with_line_and_reason()
    {
        var (exit, output) = await RunAsync("import", "catalogue", Fixture("perun-mfaCategories.json"));

        exit.ShouldBe(1, output);
        output.ShouldContain("imported 3, unchanged 0, refused 3.");
        output.ShouldContain("line 23: category broken-language: label: 'en_GB' is not a language tag such as en or cs");
        output.ShouldContain("line 27: category stolen: service https://library.example.org/sp is already in category library");
        output.ShouldContain("line 31: category odd: unknown key colour (expected label and rps)");
        output.ShouldContain($"category teaching: removed {Exams} (not in the file)");

        var catalogue = (await CatalogueAsync()).ToDictionary(c => c.Id);
        catalogue.Keys.ShouldBe(["admin", "library", "research", "teaching"], ignoreOrder: true);
        catalogue["library"].Labels.ShouldBe(new Dictionary<string, string> { ["cs"] = "Knihovna", ["en"] = "Library" }, ignoreOrder: true);
        // hpc-portal moved to library: named there, so it did not leave the catalogue.
        catalogue["library"].RelyingParties.Select(rp => rp.Id).ShouldBe(["hpc-portal", Library]);
        catalogue["research"].RelyingParties.Select(rp => rp.Id).ShouldBe([ResearchCloud, Wiki]);
        catalogue["research"].RelyingParties.Single(rp => rp.Id == Wiki).Labels["cs"].ShouldBe("Wiki pro spolupráci");
        catalogue["teaching"].RelyingParties.Select(rp => rp.Id).ShouldBe(["moodle-client"]);
        // Not named by the file: as it was.
        catalogue["admin"].RelyingParties.Select(rp => rp.Id).ShouldBe([Erp, "urn:mace:example.edu:hr"]);
    }

    [Fact]
    public async Task A_second_run_changes_nothing()
    {
        await RunAsync("import", "catalogue", Fixture("perun-mfaCategories.json"));
        var before = await ExportAsync();

        var (_, output) = await RunAsync("import", "catalogue", Fixture("perun-mfaCategories.json"));

        output.ShouldContain("imported 0, unchanged 3, refused 3.");
        (await ExportAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_dry_run_tells_what_would_change_and_writes_nothing()
    {
        var before = await ExportAsync();

        var (_, output) = await RunAsync("import", "catalogue", Fixture("perun-mfaCategories.json"), "--dry-run");

        output.ShouldContain("Dry run: would import 3, unchanged 0, refused 3.");
        output.ShouldContain($"category teaching: would remove {Exams} (not in the file)");
        (await ExportAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_export_imported_again_is_unchanged_labels_per_language_included()
    {
        var exported = await ExportAsync();
        using (var json = JsonDocument.Parse(exported))
        {
            var research = json.RootElement.GetProperty("categories").GetProperty("research");
            research.GetProperty("label").GetProperty("cs").GetString().ShouldBe("Výzkumná infrastruktura");
            research.GetProperty("label").GetProperty("en").GetString().ShouldBe("Research infrastructure");
            // A label given once, before labels per language: the default language's.
            json.RootElement.GetProperty("categories").GetProperty("admin").GetProperty("label").EnumerateObject()
                .Select(p => (p.Name, p.Value.GetString())).ShouldBe([("en", "Administration and finance")]);
        }

        var (exit, output) = await RunAsync("import", "catalogue", await WriteAsync("exported.json", exported));

        exit.ShouldBe(0, output);
        output.ShouldContain("imported 0, unchanged 3, refused 0.");
    }

    [Fact]
    public async Task The_value_as_the_JSON_string_Perun_stores_is_read_too()
    {
        var value = JsonSerializer.Serialize("""{"categories":{"library":{"label":{"en":"Library"},"rps":{"https://library.example.org/sp":{"en":"Catalogue"}}}}}""");

        var (exit, output) = await RunAsync("import", "catalogue", await WriteAsync("as-string.json", value));

        exit.ShouldBe(0, output);
        (await CatalogueAsync()).Single(c => c.Id == "library").RelyingParties.Single().Id.ShouldBe(Library);
    }

    [Fact]
    public async Task The_answers_follow_the_imported_catalogue_at_once_and_exclusions_of_services_that_moved_or_left_are_forgotten()
    {
        var tokens = await WriteAsync("tokens.jsonl", string.Join('\n', Users.Select(u =>
            $$"""{"serial": "S-{{u}}", "user": "{{u}}", "otpkey": "3132333435363738393031323334353637383930"}""")));
        (await RunAsync("import", "tokens", tokens)).ExitCode.ShouldBe(0);
        var settings = await WriteAsync("settings.jsonl", """
            {"userId": "research-user", "value": {"include_categories": ["research"], "exclude_rps": ["hpc-portal"]}}
            {"userId": "teaching-user", "value": {"include_categories": ["teaching"], "exclude_rps": ["https://exams.example.edu/shibboleth"]}}
            """);
        (await RunAsync("import", "settings", settings)).ExitCode.ShouldBe(0);
        (await RequirementAsync("research-user", "hpc-portal")).ShouldBe("False/NotEnforced");

        await RunAsync("import", "catalogue", Fixture("perun-mfaCategories.json"));
        var library = await WriteAsync("library-user.jsonl", """{"userId": "lib-user", "value": {"include_categories": ["library"]}}""");
        (await RunAsync("import", "settings", library)).ExitCode.ShouldBe(0);

        (await RequirementAsync("lib-user", "hpc-portal")).ShouldBe("True/EnforcedCategory");
        (await RequirementAsync("lib-user", Library)).ShouldBe("True/EnforcedCategory");
        (await RequirementAsync("research-user", "hpc-portal")).ShouldBe("False/NotEnforced");
        (await RequirementAsync("research-user", Wiki)).ShouldBe("True/EnforcedCategory");
        var (_, exported) = await RunAsync("export", "settings");
        exported.ShouldContain("""{"userId":"research-user","value":{"include_categories":["research"],"exclude_rps":[]}}""");
        exported.ShouldContain("""{"userId":"teaching-user","value":{"include_categories":["teaching"],"exclude_rps":[]}}""");
    }

    [Fact]
    public async Task Each_changed_category_is_recorded_as_an_admin_action_of_the_import()
    {
        await RunAsync("import", "catalogue", Fixture("perun-mfaCategories.json"));

        await using var scope = app.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var records = await audit.Records.Where(r => r.Reason == "ImportServiceCategory").ToListAsync();
        records.Select(r => (r.Type, r.Actor, r.Detail)).ShouldBe(
            [("AdminAction", "admin:import", "research"), ("AdminAction", "admin:import", "library"), ("AdminAction", "admin:import", "teaching")], ignoreOrder: true);
    }

    [Theory]
    [InlineData("truncated", """{"categories": {"library": {"label": {"en": "Libr""", "line 1: not valid JSON (a truncated or broken file)")]
    [InlineData("not-perun", """{"library": {"label": {"en": "Library"}}}""", "line 1: not Perun's mfaCategories: expected {\"categories\": {…}}")]
    [InlineData("a-list", """[1, 2, 3]""", "line 1: not Perun's mfaCategories")]
    [InlineData("deep", """{"categories": {"x": {"label": {"en": [[[[[[[[[["deep"]]]]]]]]]]}}}}""", "line 1: not valid JSON")]
    public async Task A_file_that_is_not_a_catalogue_is_refused_whole_and_changes_nothing(string name, string content, string expected)
    {
        var before = await ExportAsync();

        var (exit, output) = await RunAsync("import", "catalogue", await WriteAsync(name + ".json", content));

        exit.ShouldBe(1);
        output.ShouldContain("imported 0, unchanged 0, refused 1.");
        output.ShouldContain(expected);
        (await ExportAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_label_of_a_megabyte_refuses_its_category_only()
    {
        var huge = new string('x', 1024 * 1024);
        var file = await WriteAsync("huge.json", $$$"""
            {"categories": {
              "library": {"label": {"en": "Library"}, "rps": {}},
              "huge": {"label": {"en": "{{{huge}}}"}, "rps": {}}
            }}
            """);

        var (exit, output) = await RunAsync("import", "catalogue", file);

        exit.ShouldBe(1);
        output.ShouldContain("imported 1, unchanged 0, refused 1.");
        output.ShouldContain("line 3: category huge: label: the en label must be 1–256 characters");
        output.Length.ShouldBeLessThan(10_000);
        (await CatalogueAsync()).Select(c => c.Id).ShouldBe(["admin", "library", "research", "teaching"]);
    }

    [Fact]
    public async Task A_file_over_16_MiB_is_not_read()
    {
        var file = Path.Combine(app.DataDirectory, "big.json");
        Directory.CreateDirectory(app.DataDirectory);
        await using (var stream = File.Create(file))
        {
            stream.SetLength(CatalogueImport.MaxFileBytes + 1);
        }

        var (exit, output) = await RunAsync("import", "catalogue", file);

        exit.ShouldBe(1);
        output.ShouldContain("line 1: the file is larger than 16 MiB: not a service catalogue");
    }

    [Theory]
    [InlineData("""{"categories": {"": {"label": {"en": "Empty id"}}}}""", "a category id is 1–128 characters")]
    [InlineData("""{"categories": {"dup": {"label": {"en": "One"}}, "dup": {"label": {"en": "Two"}}}}""", "line 1: category dup: named more than once in the file")]
    [InlineData("""{"categories": {"x": {"label": {"en": "X"}, "rps": {"a": {"en": "A"}, "a": {"en": "again"}}}}}""", "service a is named twice")]
    [InlineData("""{"categories": {"x": {"label": {"en": "X", "en": "Y"}}}}""", "the language en is given twice")]
    [InlineData("""{"categories": {"x": {"label": {"en": 7}}}}""", "the en label is not a string")]
    [InlineData("""{"categories": {"x": {"label": {"en": "  "}}}}""", "the en label must be 1–256 characters")]
    [InlineData("""{"categories": {"x": {"label": {"en": "X"}, "rps": ["a"]}}}""", "rps is not an object")]
    [InlineData("""{"categories": {"x": {"label": {"en": "X"}, "rps": {" padded ": {"en": "A"}}}}}""", "a service id is 1–1024 characters")]
    public async Task A_category_that_cannot_be_stored_is_refused_with_a_clear_reason(string content, string expected)
    {
        var before = await ExportAsync();

        var (exit, output) = await RunAsync("import", "catalogue", await WriteAsync("bad.json", content));

        exit.ShouldBe(1);
        output.ShouldContain(expected);
        (await ExportAsync()).ShouldBe(before);
    }
}
