using System.Globalization;
using MfaMonolith.Host.Administration.Import;
using MfaMonolith.Tests.Support;

namespace MfaMonolith.Tests.Host.Administration.Import;

/// <summary>The host's admin commands run in the test's host, with what they print; and the fixture files.</summary>
internal static class AdminCommand
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Host", "Administration", "Import", "Fixtures", name);

    /// <summary>Runs <c>import …</c> / <c>export …</c>; standard output and error together, as an operator reads them.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(MfaAppFactory app, params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await AdminCommandLine.RunAsync(app.Services, args, output, output, CancellationToken.None);
        return (exit, output.ToString());
    }
}
