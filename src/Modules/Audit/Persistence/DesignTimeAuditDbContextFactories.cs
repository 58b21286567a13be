using MfaMonolith.SharedKernel.Persistence;

namespace MfaMonolith.Modules.Audit.Persistence;

internal sealed class DesignTimeSqliteAuditDbContextFactory()
    : DesignTimeModuleDbContextFactory<AuditDbContext>(DatabaseProvider.Sqlite, AuditDbContext.Module, options => new(options));

internal sealed class DesignTimePostgreSqlAuditDbContextFactory()
    : DesignTimeModuleDbContextFactory<PostgreSqlAuditDbContext>(DatabaseProvider.PostgreSql, AuditDbContext.Module, options => new(options));
