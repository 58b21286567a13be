using MfaMonolith.SharedKernel.Persistence;

namespace MfaMonolith.Modules.Tokens.Persistence;

internal sealed class DesignTimeSqliteTokensDbContextFactory()
    : DesignTimeModuleDbContextFactory<TokensDbContext>(DatabaseProvider.Sqlite, TokensDbContext.Module, options => new(options));

internal sealed class DesignTimePostgreSqlTokensDbContextFactory()
    : DesignTimeModuleDbContextFactory<PostgreSqlTokensDbContext>(DatabaseProvider.PostgreSql, TokensDbContext.Module, options => new(options));
