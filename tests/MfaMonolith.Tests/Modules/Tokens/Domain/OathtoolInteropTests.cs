using System.Diagnostics;
using System.Globalization;
using MfaMonolith.Modules.Tokens.Domain;

namespace MfaMonolith.Tests.Modules.Tokens.Domain;

/// <summary>
/// Interoperability with an independent implementation: OATH Toolkit's <c>oathtool</c>, fed the secret exactly as
/// the product shows it (base32 from <see cref="OtpAuthUri.Base32"/>). Needs the <c>oathtool</c> package; without it
/// these tests fail rather than skip.
/// </summary>
public sealed class OathtoolInteropTests
{
    private static readonly byte[] FixedSecret = Convert.FromHexString("3132333435363738393031323334353637383930");

    public static TheoryData<string> Instants => new()
    {
        "2026-11-28T12:00:10Z",
        "2026-11-28T12:00:29Z", // last second of a step
        "2026-11-28T12:00:30Z", // first second of the next
        "2009-02-13T23:31:30Z",
        "2033-05-18T03:33:20Z",
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task A_code_from_oathtool_is_accepted_at_its_time(string instant)
    {
        var now = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        var secret = TotpAlgorithm.NewSecret();
        var base32 = OtpAuthUri.Base32(secret);

        var code = await OathtoolAsync(base32, now);

        TotpAlgorithm.MatchingStep(secret, code, now, TotpAlgorithm.DefaultPeriodSeconds, TotpAlgorithm.DefaultDigits, windowSteps: 0)
            .ShouldBe(TotpAlgorithm.TimeStep(now, TotpAlgorithm.DefaultPeriodSeconds), $"secret {base32} at {now:O}");
    }

    [Theory]
    [MemberData(nameof(Instants))]
    public async Task Our_code_equals_oathtools_code(string instant)
    {
        var now = DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);
        foreach (var secret in new[] { FixedSecret, TotpAlgorithm.NewSecret() })
        {
            var base32 = OtpAuthUri.Base32(secret);
            var ours = TotpAlgorithm.Code(secret, TotpAlgorithm.TimeStep(now, TotpAlgorithm.DefaultPeriodSeconds));

            ours.ShouldBe(await OathtoolAsync(base32, now), $"secret {base32} at {now:O}");
        }
    }

    [Fact]
    public async Task The_grouped_secret_a_person_types_gives_the_same_codes()
    {
        var now = new DateTimeOffset(2026, 11, 28, 12, 0, 10, TimeSpan.Zero);
        var secret = TotpAlgorithm.NewSecret();
        var grouped = OtpAuthUri.Grouped(OtpAuthUri.Base32(secret));

        (await OathtoolAsync(grouped, now)).ShouldBe(TotpAlgorithm.Code(secret, TotpAlgorithm.TimeStep(now, 30)), grouped);
    }

    private static async Task<string> OathtoolAsync(string base32Secret, DateTimeOffset now)
    {
        var oathtool = FindOnPath("oathtool");
        oathtool.ShouldNotBeNull(
            "oathtool is not installed, so TOTP interoperability cannot be checked. Install it (Debian/Ubuntu: " +
            "`sudo apt-get install oathtool`); CI installs it before running the tests.");

        var start = new ProcessStartInfo(oathtool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--totp", "--base32", "--digits=6", "--time-step-size=30s",
                     "--now", now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
                     base32Secret,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TZ"] = "UTC";
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.ShouldBe(0, $"oathtool failed: {await error}");
        var code = (await output).Trim();
        code.ShouldMatch("^[0-9]{6}$", $"oathtool printed '{code}'");
        return code;
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
