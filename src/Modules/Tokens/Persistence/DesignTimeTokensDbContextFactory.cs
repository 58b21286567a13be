using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MfaMonolith.Modules.Tokens.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the Host.</summary>
internal sealed class DesignTimeTokensDbContextFactory : IDesignTimeDbContextFactory<TokensDbContext>
{
    public TokensDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TokensDbContext>()
            .UseModuleDatabase(new DatabaseOptions { DataDirectory = Path.GetTempPath() }, TokensDbContext.Module)
            .Options);
}
