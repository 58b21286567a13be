using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MfaMonolith.Tests.Modules.BackupCodes.Features;

/// <summary>At most one current (not retired) set per user, decided by a unique index (issue 11, point 2).</summary>
public sealed class OneCurrentSetTests
{
    [Fact]
    public async Task Of_eight_concurrent_generations_one_set_stays_current_and_the_others_answer_conflict()
    {
        var hold = new HoldNewSetsUntilAllArrive(8);
        using var app = new MfaAppFactory { TestServices = hold.Register };

        await ConcurrentGenerations.EightAtOnceLeaveOneCurrentSetAsync(app);
    }

    [Fact]
    public async Task The_migration_keeps_the_newest_of_duplicate_current_sets_and_retires_the_others()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mfa-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var options = new DbContextOptionsBuilder<BackupCodesDbContext>()
                .UseModuleDatabase(new DatabaseOptions { DataDirectory = folder }, BackupCodesDbContext.Module).Options;
            await using var db = new BackupCodesDbContext(options);

            await DuplicateSetsMigration.RetiresAllButTheNewestAsync(db);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>A database from before the unique index, holding several current sets of one user, migrated to today.</summary>
internal static class DuplicateSetsMigration
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public static async Task RetiresAllButTheNewestAsync(BackupCodesDbContext db)
    {
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("ReplacedSavedSet");
        // Inserted out of order, as two tabs and a retry could have left them.
        var middle = NewSet("alice", T0.AddMinutes(1));
        var newest = NewSet("alice", T0.AddMinutes(2));
        var oldest = NewSet("alice", T0);
        var bobs = NewSet("bob", T0);
        db.Sets.AddRange(middle, newest, oldest, bobs);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        await migrator.MigrateAsync();

        var sets = await db.Sets.AsNoTracking().ToDictionaryAsync(s => s.Id);
        sets[newest.Id].RetiredAt.ShouldBeNull();
        sets[bobs.Id].RetiredAt.ShouldBeNull("a user with one current set keeps it");
        sets[middle.Id].RetiredAt.ShouldBe(newest.GeneratedAt, "the others are retired when the newest was made");
        sets[oldest.Id].RetiredAt.ShouldBe(newest.GeneratedAt);
        sets[oldest.Id].ProtectedCodesForDisplay.ShouldBeNull("a retired set's codes are shown no more");
        sets[newest.Id].ProtectedCodesForDisplay.ShouldNotBeNull();
    }

    private static BackupCodeSet NewSet(string userId, DateTimeOffset at) =>
        BackupCodeSet.Create(userId, [1, 2, 3], 1000, [[4, 5, 6]], [7, 8, 9], replacedSavedSet: false, at);
}
