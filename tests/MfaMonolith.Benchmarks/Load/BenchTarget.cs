using System.Security.Cryptography;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// Where the benchmark's Host keeps its data, and the configuration it runs with — the same keys for the seeding (the
/// Host's services in process) and for the Host process, so that both see one database and one key ring.
/// </summary>
internal sealed class BenchTarget(string workspace, string? postgreSql)
{
    /// <summary>The bench's API client key: random per run, passed to the Host and to wrk through their environment only.</summary>
    public string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public string Workspace => workspace;

    public string DataDirectory => Path.Combine(workspace, "data");

    public bool IsPostgreSql => postgreSql is not null;

    public string ProviderName => IsPostgreSql ? "PostgreSQL" : "SQLite";

    /// <summary>
    /// Production, as an operator runs it: plain HTTP on loopback from a trusted TLS-terminating proxy (wrk sends
    /// <c>X-Forwarded-Proto: https</c>), the embedded sign-in allowed (nobody signs in during the bench), and one API
    /// client with the ProxyIdP's two scopes. The per-IP limits do not apply to API clients; they are raised anyway.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Mfa:DataDirectory"] = DataDirectory,
            ["Mfa:EmbeddedSignIn:AllowInProduction"] = "true",
            ["Mfa:ReverseProxy:KnownProxies:0"] = "127.0.0.1",
            ["Mfa:RateLimits:SignInPerMinute"] = "1000000",
            ["Mfa:RateLimits:PagesPerMinute"] = "1000000",
            ["Mfa:ApiClients:0:Name"] = "bench",
            ["Mfa:ApiClients:0:Key"] = ApiKey,
            ["Mfa:ApiClients:0:Scopes:0"] = "policy:read",
            ["Mfa:ApiClients:0:Scopes:1"] = "otp:verify",
        };
        if (postgreSql is not null)
        {
            settings["Mfa:Database:Provider"] = "PostgreSql";
            settings["Mfa:Database:ConnectionString"] = postgreSql;
        }

        return settings;
    }
}
