using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build a module's model for one provider without starting the Host (it never
/// connects: the connection string only names the provider's dialect).
/// </summary>
public abstract class DesignTimeModuleDbContextFactory<TContext>(
    DatabaseProvider provider, string module, Func<DbContextOptions<TContext>, TContext> create) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    public TContext CreateDbContext(string[] args)
    {
        var database = new DatabaseOptions
        {
            Provider = provider,
            DataDirectory = Path.GetTempPath(),
            ConnectionString = "Host=localhost;Database=mfa_design_time",
        };
        return create(new DbContextOptionsBuilder<TContext>().UseModuleDatabase(database, module).Options);
    }
}
