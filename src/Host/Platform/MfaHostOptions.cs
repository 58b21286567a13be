using MfaMonolith.SharedKernel.Persistence;

namespace MfaMonolith.Host.Platform;

/// <summary>The operator-facing configuration keys under <c>Mfa:</c> that the Host itself reads.</summary>
internal static class MfaConfiguration
{
    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Mfa:DataDirectory"];
        var path = string.IsNullOrWhiteSpace(configured) ? "data" : configured;
        return Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path));
    }

    public static DatabaseOptions Database(IConfiguration configuration, string dataDirectory)
    {
        var options = new DatabaseOptions { DataDirectory = dataDirectory };
        var provider = configuration["Mfa:Database:Provider"];
        if (!string.IsNullOrWhiteSpace(provider))
        {
            options.Provider = Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Mfa:Database:Provider '{provider}' is not known; use 'Sqlite' or 'PostgreSql'.");
        }

        options.ConnectionString = configuration["Mfa:Database:ConnectionString"];
        return options;
    }
}
