using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MfaMonolith.Host.Persistence;

internal sealed class DesignTimeHostDbContextFactory : IDesignTimeDbContextFactory<HostDbContext>
{
    public HostDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<HostDbContext>()
            .UseModuleDatabase(new DatabaseOptions { DataDirectory = Path.GetTempPath() }, HostDbContext.Module)
            .Options);
}
