using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.PostgreSql;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Tests.PostgreSql;

/// <summary>One current backup-code set per user, on PostgreSQL's partial unique index.</summary>
public sealed class OneCurrentBackupCodeSetTests
{
    [Fact]
    public async Task Of_eight_concurrent_generations_one_set_stays_current_and_the_others_answer_conflict()
    {
        var database = TestPostgreSql.CreateDatabase("sets");
        var hold = new HoldNewSetsUntilAllArrive(8);
        try
        {
            using var app = new MfaAppFactory { PostgreSqlConnectionString = database, TestServices = hold.Register };

            await ConcurrentGenerations.EightAtOnceLeaveOneCurrentSetAsync(app);
        }
        finally
        {
            TestPostgreSql.DropDatabase(database);
        }
    }

    [Fact]
    public async Task The_migration_keeps_the_newest_of_duplicate_current_sets_and_retires_the_others()
    {
        var database = TestPostgreSql.CreateDatabase("dupsets");
        try
        {
            var options = new DbContextOptionsBuilder<PostgreSqlBackupCodesDbContext>()
                .UseModuleDatabase(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = database }, BackupCodesDbContext.Module)
                .Options;
            await using var db = new PostgreSqlBackupCodesDbContext(options);

            await DuplicateSetsMigration.RetiresAllButTheNewestAsync(db);
        }
        finally
        {
            TestPostgreSql.DropDatabase(database);
        }
    }
}
