using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace MfaMonolith.SharedKernel.Persistence;

/// <summary>
/// How a module's DbContext reaches its database. On SQLite each module has a file of its own
/// (SQLite has no schemas); on PostgreSQL each module has a schema of its own in the one shared database. Either way
/// the module keeps its own migrations history (on PostgreSQL: <c>&lt;schema&gt;.__EFMigrationsHistory</c>).
/// </summary>
public static class ModuleDatabase
{
    public const string MigrationsHistoryTable = "__EFMigrationsHistory";

    public static TBuilder UseModuleDatabase<TBuilder>(this TBuilder builder, DatabaseOptions options, string module)
        where TBuilder : DbContextOptionsBuilder
    {
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(SqliteConnectionString(options, module)).AddInterceptors(SqliteWriteGate.Instance).AddInterceptors(SqliteGroupCommit.Interceptors);
                break;
            case DatabaseProvider.PostgreSql:
                builder.UseNpgsql(
                    PostgreSqlConnectionString(options),
                    npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable, SchemaOf(module)));
                break;
            default:
                throw new NotSupportedException($"Mfa:Database:Provider '{options.Provider}' is not supported; use 'Sqlite' or 'PostgreSql'.");
        }

        return builder;
    }

    /// <summary>The module's schema on PostgreSQL: its name in snake case (<c>BackupCodes</c> → <c>backup_codes</c>).</summary>
    public static string SchemaOf(string module)
    {
        var schema = new StringBuilder(module.Length + 4);
        foreach (var character in module)
        {
            if (char.IsUpper(character) && schema.Length > 0)
                schema.Append('_');
            schema.Append(char.ToLowerInvariant(character));
        }

        return schema.ToString();
    }

    /// <summary>Puts the module's tables in its own schema, where the provider has schemas.</summary>
    public static void UseModuleSchema(this ModelBuilder modelBuilder, DatabaseFacade database, string module)
    {
        if (!database.IsSqlite())
            modelBuilder.HasDefaultSchema(SchemaOf(module));
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

    private static string PostgreSqlConnectionString(DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                "Mfa:Database:Provider is 'PostgreSql' but Mfa:Database:ConnectionString is empty. " +
                "Set it, e.g. 'Host=db.example.org;Database=mfa;Username=mfa;Password=...'.");
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(options.ConnectionString).ConnectionString;
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"Mfa:Database:ConnectionString is not a valid PostgreSQL connection string: {exception.Message}", exception);
        }
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
