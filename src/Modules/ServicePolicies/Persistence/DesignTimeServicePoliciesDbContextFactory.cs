using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MfaMonolith.Modules.ServicePolicies.Persistence;

internal sealed class DesignTimeServicePoliciesDbContextFactory : IDesignTimeDbContextFactory<ServicePoliciesDbContext>
{
    public ServicePoliciesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ServicePoliciesDbContext>()
            .UseModuleDatabase(new DatabaseOptions { DataDirectory = Path.GetTempPath() }, ServicePoliciesDbContext.Module)
            .Options);
}
