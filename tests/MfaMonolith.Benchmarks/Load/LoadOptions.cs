using System.Globalization;

namespace MfaMonolith.Benchmarks.Load;

/// <summary>
/// <c>[USERS] [--quick] [--seed-only] [--workspace DIR]</c>; PostgreSQL when <c>MFA_BENCH_POSTGRES</c> holds a connection string
/// (<c>scripts/bench --postgres</c> starts a throwaway server and sets it).
/// </summary>
internal sealed record LoadOptions(int Users, bool Quick, bool SeedOnly, string? Workspace, string? PostgreSql)
{
    public const int DefaultUsers = 1_000;

    /// <summary>The probes' users must outnumber the connections, and the mix needs some of each kind.</summary>
    public const int MinimumUsers = 100;

    public const int Connections = 64;

    public const int Threads = 2;

    public TimeSpan WarmUp => TimeSpan.FromSeconds(Quick ? 2 : 10);

    public TimeSpan Run => TimeSpan.FromSeconds(Quick ? 3 : 10);

    public static LoadOptions Parse(string[] args)
    {
        var users = DefaultUsers;
        var quick = false;
        var seedOnly = false;
        string? workspace = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--seed-only":
                    seedOnly = true;
                    break;
                case "--workspace" when i + 1 < args.Length:
                    workspace = args[++i];
                    break;
                default:
                    users = int.TryParse(args[i].Replace("_", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= MinimumUsers
                        ? n
                        : throw new ArgumentException($"Usage: [USERS (at least {MinimumUsers}, default {DefaultUsers})] [--quick] [--seed-only] [--workspace DIR]; not '{args[i]}'.");
                    break;
            }
        }

        var postgreSql = Environment.GetEnvironmentVariable("MFA_BENCH_POSTGRES") is { Length: > 0 } value ? value : null;
        return new LoadOptions(users, quick, seedOnly, workspace, postgreSql);
    }
}
