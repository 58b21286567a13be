using System.Diagnostics;
using System.Globalization;

namespace MfaMonolith.Tests.EndToEnd;

/// <summary>
/// The authenticator app of the end-to-end tests: OATH Toolkit's <c>oathtool</c>, an implementation independent of
/// the product's, so a passing test also shows the two agree (the spec names oathtool among the tools to interoperate with).
/// </summary>
internal static class Oathtool
{
    private const string Executable = "oathtool";

    private static readonly string[] WrongCandidates = ["123456", "654321", "000000"];

    /// <summary>The 6-digit TOTP code (SHA-1, 30 s) an app holding <paramref name="base32Secret"/> shows at <paramref name="at"/>.</summary>
    public static async Task<string> CodeAsync(string base32Secret, DateTimeOffset at)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "--totp=SHA1", "--digits=6", "--time-step-size=30s", "--base32", "--now",
                             at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture), base32Secret },
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("oathtool is not installed. Run ./scripts/test, which installs it.", e);
        }

        using (process)
        {
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.ShouldBe(0, $"oathtool failed: {error}");
            return output.Trim();
        }
    }

    /// <summary>A well-formed code that no step within one step of <paramref name="at"/> produces.</summary>
    public static async Task<string> WrongCodeAsync(string base32Secret, DateTimeOffset at)
    {
        var accepted = new HashSet<string>();
        for (var offset = -1; offset <= 1; offset++)
            accepted.Add(await CodeAsync(base32Secret, at.AddSeconds(30 * offset)));
        return WrongCandidates.First(candidate => !accepted.Contains(candidate));
    }
}
