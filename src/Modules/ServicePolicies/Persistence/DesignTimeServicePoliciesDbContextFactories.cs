using MfaMonolith.SharedKernel.Persistence;

namespace MfaMonolith.Modules.ServicePolicies.Persistence;

internal sealed class DesignTimeSqliteServicePoliciesDbContextFactory()
    : DesignTimeModuleDbContextFactory<ServicePoliciesDbContext>(DatabaseProvider.Sqlite, ServicePoliciesDbContext.Module, options => new(options));

internal sealed class DesignTimePostgreSqlServicePoliciesDbContextFactory()
    : DesignTimeModuleDbContextFactory<PostgreSqlServicePoliciesDbContext>(DatabaseProvider.PostgreSql, ServicePoliciesDbContext.Module, options => new(options));
