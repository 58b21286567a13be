using MfaMonolith.SharedKernel.Persistence;

namespace MfaMonolith.Host.Persistence;

internal sealed class DesignTimeSqliteHostDbContextFactory()
    : DesignTimeModuleDbContextFactory<HostDbContext>(DatabaseProvider.Sqlite, HostDbContext.Module, options => new(options));

internal sealed class DesignTimePostgreSqlHostDbContextFactory()
    : DesignTimeModuleDbContextFactory<PostgreSqlHostDbContext>(DatabaseProvider.PostgreSql, HostDbContext.Module, options => new(options));
