using MfaMonolith.SharedKernel.Persistence;

namespace MfaMonolith.Modules.BackupCodes.Persistence;

internal sealed class DesignTimeSqliteBackupCodesDbContextFactory()
    : DesignTimeModuleDbContextFactory<BackupCodesDbContext>(DatabaseProvider.Sqlite, BackupCodesDbContext.Module, options => new(options));

internal sealed class DesignTimePostgreSqlBackupCodesDbContextFactory()
    : DesignTimeModuleDbContextFactory<PostgreSqlBackupCodesDbContext>(DatabaseProvider.PostgreSql, BackupCodesDbContext.Module, options => new(options));
