using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>
/// How a module's DbContext reaches its database. On SQLite each module has a file of its own
/// (SQLite has no schemas); on PostgreSQL each module has a schema of its own. Either way the module
/// keeps its own migrations history.
/// </summary>
public static class ModuleDatabase
{
    public static TBuilder UseModuleDatabase<TBuilder>(this TBuilder builder, DatabaseOptions options, string module)
        where TBuilder : DbContextOptionsBuilder
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(SqliteConnectionString(options, module)).AddInterceptors(SqliteWriteGate.Instance);
                break;
            default:
                throw new NotSupportedException(
                    $"Mfa:Database:Provider '{options.Provider}' is not supported by this build; use 'Sqlite'.");
        }

        return builder;
    }

    /// <summary>The module's file in the data folder (the Host creates the folder at start).</summary>
    public static string SqliteConnectionString(DatabaseOptions options, string module)
    {
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(options.DataDirectory, module.ToLowerInvariant() + ".db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>
    /// SQLite cannot compare or order <see cref="DateTimeOffset"/> in SQL, so there every timestamp is stored as
    /// UTC milliseconds since the epoch; other providers store them natively.
    /// </summary>
    public static void UseProviderNeutralTimestamps(this ModelConfigurationBuilder configuration, DatabaseFacade database)
    {
        if (!database.IsSqlite())
            return;
        configuration.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUnixMillisecondsConverter>();
    }
}
