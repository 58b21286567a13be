using System.Globalization;
using Mediator;
using MfaMonolith.Host.Administration.Import;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Host.Administration.Import;

/// <summary>
/// <c>import settings</c> of Perun's <c>mfaEnforceSettings</c> on the real host (the Development catalogue: research,
/// admin, teaching): refused as Perun refuses, and once imported answering <c>mfaRequirement</c> as PRODUCT.md's
/// Perun semantics say.
/// </summary>
public sealed class ImportSettingsTests : IDisposable
{
    private const string Wiki = "https://wiki.collab.example.org/saml/metadata";
    private const string ResearchCloud = "https://sp.research-cloud.example.org/shibboleth";
    private const string Erp = "https://erp.university.example.edu/sp";

    private static readonly string[] Users = ["perun-all", "perun-research", "perun-string", "perun-unknown", "perun-stray", "perun-truncated"];

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    private static string Fixture(string name) => AdminCommand.Fixture(name);

    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) => AdminCommand.RunAsync(app, args);

    /// <summary>Every user of the fixture gets a token: without one, settings are ignored (PRODUCT.md, rule 1).</summary>
    private async Task ImportTokensForTheUsersAsync()
    {
        Directory.CreateDirectory(app.DataDirectory);
        var file = Path.Combine(app.DataDirectory, "tokens.jsonl");
        await File.WriteAllLinesAsync(file, Users.Select(u =>
            $$"""{"serial": "S-{{u}}", "user": "{{u}}", "otpkey": "3132333435363738393031323334353637383930"}"""));
        (await RunAsync("import", "tokens", file)).ExitCode.ShouldBe(0);
    }

    private async Task<string> RequirementAsync(string user, string relyingParty)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var answer = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetMfaRequirement(user, relyingParty, []));
        return $"{answer.Required}/{answer.Reason}";
    }

    [Fact]
    public async Task Lines_Perun_would_refuse_are_refused_with_their_line_and_reason()
    {
        var (exit, output) = await RunAsync("import", "settings", Fixture("perun-mfaEnforceSettings.jsonl"));

        exit.ShouldBe(1);
        output.ShouldContain("imported 3, unchanged 0, refused 3.");
        output.ShouldContain("line 4: user perun-unknown: unknown category 'nope'");
        output.ShouldContain("line 5: user perun-stray: excluded relying party 'moodle-client' is not in an included category");
        output.ShouldContain("line 6: not valid JSON (a truncated or broken line)");
    }

    [Theory]
    [InlineData("perun-all", Erp, "True/EnforcedAll")]
    [InlineData("perun-research", ResearchCloud, "True/EnforcedCategory")]
    [InlineData("perun-research", Wiki, "False/NotEnforced")]
    [InlineData("perun-research", Erp, "False/NotEnforced")]
    [InlineData("perun-string", Erp, "True/EnforcedCategory")]
    [InlineData("perun-string", "moodle-client", "True/EnforcedCategory")]
    [InlineData("perun-string", ResearchCloud, "False/NotEnforced")]
    [InlineData("perun-unknown", Erp, "False/NotEnforced")]
    public async Task An_imported_setting_answers_mfaRequirement_as_Perun_semantics_say(string user, string relyingParty, string expected)
    {
        await ImportTokensForTheUsersAsync();
        await RunAsync("import", "settings", Fixture("perun-mfaEnforceSettings.jsonl"));

        (await RequirementAsync(user, relyingParty)).ShouldBe(expected);
    }

    [Fact]
    public async Task Importing_tokens_alone_sets_no_setting()
    {
        await ImportTokensForTheUsersAsync();

        (await RequirementAsync("perun-all", Erp)).ShouldBe("False/NotEnforced");
    }

    [Fact]
    public async Task A_rerun_changes_nothing_and_a_dry_run_writes_nothing()
    {
        (await RunAsync("import", "settings", Fixture("perun-mfaEnforceSettings.jsonl"), "--dry-run")).Output.ShouldContain("Dry run: would import 3, unchanged 0, refused 3.");
        (await RunAsync("export", "settings")).Output.ShouldBeEmpty();

        await RunAsync("import", "settings", Fixture("perun-mfaEnforceSettings.jsonl"));
        (await RunAsync("import", "settings", Fixture("perun-mfaEnforceSettings.jsonl"))).Output.ShouldContain("imported 0, unchanged 3, refused 3.");
    }

    [Fact]
    public async Task Export_writes_the_lines_import_reads_and_they_round_trip()
    {
        await RunAsync("import", "settings", Fixture("perun-mfaEnforceSettings.jsonl"));

        var (exit, exported) = await RunAsync("export", "settings");

        exit.ShouldBe(0);
        exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe([
            """{"userId":"perun-all","value":{"all":true}}""",
            """{"userId":"perun-research","value":{"include_categories":["research"],"exclude_rps":["https://wiki.collab.example.org/saml/metadata"]}}""",
            """{"userId":"perun-string","value":{"include_categories":["admin","teaching"],"exclude_rps":[]}}""",
        ]);
        var file = Path.Combine(app.DataDirectory, "exported.jsonl");
        await File.WriteAllTextAsync(file, exported);
        (await RunAsync("import", "settings", file)).Output.ShouldContain("imported 0, unchanged 3, refused 0.");
    }
}
