using System.Diagnostics;
using System.Globalization;
using System.Text;
using Mediator;
using MfaMonolith.Host.Administration.Import;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Host.Administration.Import;

/// <summary>
/// <c>import tokens</c> end to end on the real host and a real SQLite database: privacyIDEA exports in, tokens the
/// Tokens module verifies (against codes from oathtool, an independent implementation), audit records, and nothing
/// from a line that is refused.
/// </summary>
public sealed class ImportTokensTests : IDisposable
{
    private const string Sha1Key = "3132333435363738393031323334353637383930";
    private const string Sha256Key = "3132333435363738393031323334353637383930313233343536373839303132";

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Host", "Administration", "Import", "Fixtures", name);

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await AdminCommandLine.RunAsync(app.Services, args, output, error, CancellationToken.None);
        return (exit, output.ToString() + error);
    }

    private async Task<TotpVerification> VerifyAsync(string userId, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new VerifyTotpCode(userId, code));
    }

    private async Task<int> TokenCountAsync()
    {
        var count = 0;
        await app.WithTokensDbAsync(async db => count = await db.Tokens.CountAsync());
        return count;
    }

    private static async Task<string> OathtoolAsync(string hexKey, string algorithm, int digits, int period, DateTimeOffset at)
    {
        var start = new ProcessStartInfo("oathtool")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            ArgumentList = { "--totp=" + algorithm, "--digits=" + digits.ToString(CultureInfo.InvariantCulture),
                             "--time-step-size=" + period.ToString(CultureInfo.InvariantCulture) + "s",
                             "--now", at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture), hexKey },
        };
        using var process = Process.Start(start)!;
        var code = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0);
        return code.Trim();
    }

    [Theory]
    [InlineData("imported-sha1", Sha1Key, "SHA1", 6, 30)]
    [InlineData("imported-sha256", Sha256Key, "SHA256", 8, 60)]
    public async Task An_imported_privacyIDEA_token_accepts_the_codes_oathtool_gives_for_it_once(string user, string key, string algorithm, int digits, int period)
    {
        var (exit, output) = await RunAsync("import", "tokens", Fixture("privacyidea-tokens.json"));
        exit.ShouldBe(0, output);
        output.ShouldContain("imported 3, unchanged 0, refused 0.");

        var now = app.Clock.GetUtcNow();
        var code = await OathtoolAsync(key, algorithm, digits, period, now);
        (await VerifyAsync(user, code)).Outcome.ShouldBe(TotpVerificationOutcome.Accepted);
        (await VerifyAsync(user, code)).Outcome.ShouldBe(TotpVerificationOutcome.Replayed);
        var next = await OathtoolAsync(key, algorithm, digits, period, now.AddSeconds(period));
        (await VerifyAsync(user, next)).Outcome.ShouldBe(TotpVerificationOutcome.Accepted);
        // A code of the other parameters (SHA-1, 6 digits, 30 s) is not one of this token's.
        if (algorithm != "SHA1")
            (await VerifyAsync(user, await OathtoolAsync(key, "SHA1", 6, 30, now))).Outcome.ShouldBe(TotpVerificationOutcome.InvalidCode);
    }

    [Fact]
    public async Task A_SHA512_token_accepts_its_RFC_6238_code()
    {
        await RunAsync("import", "tokens", Fixture("privacyidea-tokens.json"));
        // RFC 6238 Appendix B: the SHA-512 seed at T = 20000000000 s gives 47863826 (8 digits, 30 s).
        app.Clock.Advance(DateTimeOffset.FromUnixTimeSeconds(20000000000) - app.Clock.GetUtcNow());

        (await VerifyAsync("imported-sha512", "47863826")).Outcome.ShouldBe(TotpVerificationOutcome.Accepted);
    }

    [Fact]
    public async Task Imported_tokens_are_recorded_as_confirmed_enrolments_by_the_import_and_do_not_switch_MFA_on_for_all()
    {
        await RunAsync("import", "tokens", Fixture("privacyidea-tokens.csv"));

        await using var scope = app.Services.CreateAsyncScope();
        var audit = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var records = await audit.Records.Where(r => r.UserId == "csv-sha1" || r.UserId == "csv-sha256").ToListAsync();
        records.Select(r => (r.Type, r.Actor)).ShouldBe([("EnrolmentConfirmed", "admin:import"), ("EnrolmentConfirmed", "admin:import")], ignoreOrder: true);
        var policy = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new GetUserPolicy("csv-sha1"));
        policy.Mode.ShouldBe("NONE");
        var tokens = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ListUserTokens("csv-sha1"));
        tokens.Single().Description.ShouldBe("Phone, the old one");
        tokens.Single().State.ShouldBe("ACTIVE");
    }

    [Theory]
    [InlineData(null, "Multi-Factor Authentication is not required for any service yet")]
    [InlineData("""{"userId": "alice", "value": {"all": true}}""", "Multi-Factor Authentication is required for all services")]
    public async Task An_imported_user_is_told_on_the_next_sign_in_that_there_are_no_backup_codes_yet_and_makes_a_set(string? setting, string status)
    {
        Directory.CreateDirectory(app.DataDirectory);
        var tokens = Path.Combine(app.DataDirectory, "alice.jsonl");
        await File.WriteAllTextAsync(tokens, $$"""{"serial": "TOTP-ALICE", "user": "alice", "description": "Old phone", "otpkey": "{{Sha1Key}}"}""");
        (await RunAsync("import", "tokens", tokens)).ExitCode.ShouldBe(0);
        if (setting is not null)
        {
            var settings = Path.Combine(app.DataDirectory, "alice-setting.jsonl");
            await File.WriteAllTextAsync(settings, setting);
            (await RunAsync("import", "settings", settings)).ExitCode.ShouldBe(0);
        }

        app.Secrets["alice"] = Convert.FromHexString(Sha1Key);
        var alice = await BrowserSession.SignInWithTokenAsync(app, "alice");

        var start = await alice.Client.GetAsync("/");
        start.Headers.Location!.OriginalString.ShouldBe("/setup/backup-codes");
        var page = await alice.GetPageAsync("/setup/backup-codes");
        page.ShouldContain("Your tokens have moved here");
        page.ShouldContain("You have no backup codes yet");
        page.ShouldContain(status);
        page.ShouldNotContain("now activated");

        var made = await alice.PostFormAsync("/setup/backup-codes", "/setup/backup-codes", []);
        made.StatusCode.ShouldBe(System.Net.HttpStatusCode.SeeOther);
        var codes = await alice.GraphQLAsync("{ myBackupCodes { codes acknowledged } }");
        codes.GetProperty("data").GetProperty("myBackupCodes").GetProperty("codes").GetArrayLength().ShouldBe(10);
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted_and_never_printed()
    {
        var (_, output) = await RunAsync("import", "tokens", Fixture("privacyidea-tokens.json"));

        output.ShouldNotContain(Sha1Key);
        await app.WithTokensDbAsync(async db =>
        {
            var stored = await db.Tokens.SingleAsync(t => t.UserId == "imported-sha1");
            Convert.ToHexString(stored.ProtectedSecret).ShouldNotContain(Sha1Key, Case.Insensitive);
        });
    }

    [Fact]
    public async Task Each_hostile_line_is_refused_with_its_line_and_reason_and_nothing_of_it_is_imported()
    {
        var file = Path.Combine(app.DataDirectory, "hostile.jsonl");
        Directory.CreateDirectory(app.DataDirectory);
        var hostile = await File.ReadAllLinesAsync(Fixture("privacyidea-hostile.jsonl"));
        // Line 6 of the file: a megabyte on one line, then the truncated last line (line 7).
        var megabyte = "{\"serial\": \"TOTP1007\", \"user\": \"hostile-huge\", \"description\": \"" + new string('x', 1024 * 1024) + "\"}";
        await File.WriteAllTextAsync(file, string.Join('\n', hostile[..^1].Append(megabyte).Append(hostile[^1])));

        var (exit, output) = await RunAsync("import", "tokens", file);

        exit.ShouldBe(1);
        output.ShouldContain("imported 1, unchanged 0, refused 6.");
        output.ShouldContain("line 2: token TOTP1002: otpkey is not valid base32");
        output.ShouldContain("line 3: token TOTP1003: unknown algorithm 'md5'");
        output.ShouldContain("line 4: token TOTP1001: duplicate serial (first on line 1)");
        output.ShouldContain("line 5: token TOTP1005: otpkey is not valid hex");
        output.ShouldContain("line 6: the line is longer than 65536 characters");
        output.ShouldContain("line 7: not valid JSON (a truncated or broken line)");
        await app.WithTokensDbAsync(async db =>
            (await db.Tokens.Select(t => t.UserId).ToListAsync()).ShouldBe(["hostile-good"]));
    }

    [Fact]
    public async Task A_rerun_imports_nothing_twice_and_resumes_after_the_batches_already_committed()
    {
        var file = Path.Combine(app.DataDirectory, "many.jsonl");
        Directory.CreateDirectory(app.DataDirectory);
        var lines = Enumerable.Range(1, 25).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$"""{"serial": "S{{i}}", "user": "resume-{{i}}", "otpkey": "{{Sha1Key}}"}""")).ToList();
        // An interrupted run: only the first 10 lines made it (one batch of 4, 4 and 2).
        await File.WriteAllLinesAsync(file, lines.Take(10));
        (await RunAsync("import", "tokens", file, "--batch-size", "4")).Output.ShouldContain("imported 10, unchanged 0, refused 0.");

        await File.WriteAllLinesAsync(file, lines);
        var (exit, output) = await RunAsync("import", "tokens", file, "--batch-size", "4");

        exit.ShouldBe(0);
        output.ShouldContain("imported 15, unchanged 10, refused 0.");
        (await TokenCountAsync()).ShouldBe(25);
        (await RunAsync("import", "tokens", file)).Output.ShouldContain("imported 0, unchanged 25, refused 0.");
    }

    [Fact]
    public async Task A_dry_run_tells_what_would_change_and_changes_nothing()
    {
        var (exit, output) = await RunAsync("import", "tokens", Fixture("privacyidea-tokens.csv"), "--dry-run");

        exit.ShouldBe(0);
        output.ShouldContain("Dry run: would import 2, unchanged 0, refused 0.");
        (await TokenCountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Progress_is_plain_lines_when_the_output_is_not_a_terminal()
    {
        var (_, output) = await RunAsync("import", "tokens", Fixture("privacyidea-tokens.csv"));

        output.ShouldContain("progress 100");
        output.ShouldNotContain("\r");
    }
}
