using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MfaMonolith.Modules.BackupCodes.Persistence;

internal sealed class DesignTimeBackupCodesDbContextFactory : IDesignTimeDbContextFactory<BackupCodesDbContext>
{
    public BackupCodesDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BackupCodesDbContext>()
            .UseModuleDatabase(new DatabaseOptions { DataDirectory = Path.GetTempPath() }, BackupCodesDbContext.Module)
            .Options);
}
