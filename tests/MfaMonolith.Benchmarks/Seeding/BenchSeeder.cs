using System.Diagnostics;
using System.Globalization;
using MfaMonolith.Benchmarks.Load;
using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>
/// Seeds N users in bulk through the Host's own services: each gets an active TOTP token (its secret encrypted by the
/// Host's key ring, as the Tokens module does), an acknowledged backup-code set and a setting. Entities are made by the
/// modules' own factories and rules; only the writing bypasses EF Core's change tracking (see <see cref="EntityTable"/>).
/// The three modules' databases are written side by side. No security event is recorded: nobody did anything.
/// </summary>
internal static class BenchSeeder
{
    public const int BatchSize = 5_000;

    private const string TokenDescription = "Bench phone";

    public static async Task<SeedResult> SeedAsync(BenchTarget target, int userCount, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        BenchUsers users;
        TimeSpan[] modules;
        await using (var host = new SeedingHost(target))
        {
            var services = host.Services;
            users = new BenchUsers(userCount, BackupCodeFormat.NewSet());
            var now = DateTimeOffset.UtcNow;
            // Users enrolled one millisecond apart, up to now: ids made from the time (Guid v7) then grow with the user,
            // as they would have, instead of landing at random places in the indexes.
            var enrolledAt = (int user) => now.AddMilliseconds(user - userCount);
            var backupCodes = await HashOnceAsync(services, users.BackupCodes, ct);
            modules = await Task.WhenAll(
                Task.Run(() => SeedModuleAsync<TokensDbContext>(services, userCount, db => TokensOf(db, services, users, enrolledAt, now), ct), ct),
                Task.Run(() => SeedModuleAsync<BackupCodesDbContext>(services, userCount, db => BackupCodesOf(db, backupCodes, enrolledAt), ct), ct),
                Task.Run(() => SeedModuleAsync<ServicePoliciesDbContext>(services, userCount, db => SettingsOf(db, enrolledAt), ct), ct));
            await SeedCheck.ExpectAsync(host, target, userCount, ct);
        }

        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        return new SeedResult(users, watch.Elapsed, modules[0], modules[1], modules[2]);
    }

    private static async Task<(byte[] Salt, int Iterations, List<byte[]> Hashes)> HashOnceAsync(IServiceProvider services, IReadOnlyList<string> codes, CancellationToken ct)
    {
        var hasher = services.GetRequiredService<BackupCodeHasher>();
        var iterations = services.GetRequiredService<IOptions<BackupCodeOptions>>().Value.HashIterations;
        var salt = BackupCodeHasher.NewSalt();
        var hashes = new List<byte[]>(codes.Count);
        foreach (var code in codes)
            hashes.Add(await hasher.HashAsync(code, salt, iterations, ct));
        return (salt, iterations, hashes);
    }

    private static async Task<TimeSpan> SeedModuleAsync<TContext>(IServiceProvider services, int userCount, Func<TContext, BatchOf> prepare, CancellationToken ct)
        where TContext : DbContext
    {
        var watch = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var batchOf = prepare(db);
        await using (var writer = await IBulkWriter.OpenAsync(db, ct))
        {
            for (var from = 0; from < userCount; from += BatchSize)
                await writer.WriteAsync(batchOf(from, Math.Min(BatchSize, userCount - from)), ct);
        }

        if (db.Database.IsNpgsql())
            await PostgreSqlBulkWriter.AnalyzeAsync(db, ct);
        return watch.Elapsed;
    }

    /// <summary>Active tokens, as <c>TokenSteps.TryActivateAsync</c> leaves them, with no step used yet.</summary>
    private static BatchOf TokensOf(TokensDbContext db, IServiceProvider services, BenchUsers users, Func<int, DateTimeOffset> enrolledAt, DateTimeOffset now)
    {
        var protector = services.GetRequiredService<TotpSecretProtector>();
        var table = EntityTable.Of<TotpToken>(db, new Dictionary<string, object?>
        {
            [nameof(TotpToken.State)] = TokenState.Active,
            [nameof(TotpToken.ActivatedAt)] = now,
        });
        return (from, count) =>
        [
            (table, [.. Enumerable.Range(from, count).Select(user =>
                TotpToken.BeginEnrollment(BenchUsers.Id(user), TokenDescription, protector.Protect(users.Secret(user)), enrolledAt(user)))]),
        ];
    }

    /// <summary>Every user's set holds the same salt and hashes (so the same plain codes), acknowledged as saved.</summary>
    private static BatchOf BackupCodesOf(BackupCodesDbContext db, (byte[] Salt, int Iterations, List<byte[]> Hashes) codes, Func<int, DateTimeOffset> enrolledAt)
    {
        var sets = EntityTable.Of<BackupCodeSet>(db);
        var hashes = EntityTable.Of<BackupCode>(db);
        return (from, count) =>
        {
            var made = Enumerable.Range(from, count).Select(user =>
            {
                var set = BackupCodeSet.Create(BenchUsers.Id(user), codes.Salt, codes.Iterations, codes.Hashes, [], replacedSavedSet: false, enrolledAt(user));
                set.Acknowledge(enrolledAt(user));
                return set;
            }).ToList();
            return [(sets, made), (hashes, [.. made.SelectMany(set => set.Codes)])];
        };
    }

    private static BatchOf SettingsOf(ServicePoliciesDbContext db, Func<int, DateTimeOffset> enrolledAt)
    {
        var table = EntityTable.Of<MfaSetting>(db);
        return (from, count) =>
        [
            (table, [.. Enumerable.Range(from, count).Select(user =>
            {
                var id = BenchUsers.Id(user);
                var setting = MfaSetting.For(id);
                var (all, categories, excluded) = BenchUsers.SettingOf(user);
                if (all)
                    setting.RequireAll(enrolledAt(user), SecurityEventOccurred.UserActor(id));
                else
                    setting.RequireSelected(categories, excluded, enrolledAt(user), SecurityEventOccurred.UserActor(id));
                return (object)setting;
            })]),
        ];
    }

    /// <summary>The seeded users, how long the whole took, and each module's share (written side by side).</summary>
    internal sealed record SeedResult(BenchUsers Users, TimeSpan Took, TimeSpan Tokens, TimeSpan BackupCodes, TimeSpan Settings)
    {
        public string Description => string.Create(CultureInfo.InvariantCulture,
            $"{Users.Count:N0} users (token, 10 backup codes, setting each) and {BenchCatalogue.RelyingPartyCount} services in {Took.TotalSeconds:F1} s " +
            $"(side by side: tokens {Tokens.TotalSeconds:F1} s, backup codes {BackupCodes.TotalSeconds:F1} s, settings {Settings.TotalSeconds:F1} s)");
    }

    /// <summary>The rows of users <c>from</c> to <c>from + count - 1</c>, table by table, parents first.</summary>
    private delegate IReadOnlyList<(EntityTable Table, IReadOnlyList<object> Rows)> BatchOf(int from, int count);
}
