using Npgsql;

namespace MfaMonolith.Tests.Support.PostgreSql;

/// <summary>
/// The PostgreSQL server of the test run. <c>./scripts/test</c> starts a throwaway one and names it in
/// <c>MFA_TEST_POSTGRES</c> (an admin connection string); every test that needs PostgreSQL gets a database of its own on it.
/// </summary>
public static class TestPostgreSql
{
    public const string ServerVariable = "MFA_TEST_POSTGRES";

    /// <summary>Set to <c>PostgreSql</c> to run every <see cref="MfaAppFactory"/> of the run on PostgreSQL instead of SQLite.</summary>
    public const string SuiteProviderVariable = "MFA_TEST_DATABASE";

    public static bool SuiteRunsOnPostgreSql =>
        string.Equals(Environment.GetEnvironmentVariable(SuiteProviderVariable), "PostgreSql", StringComparison.OrdinalIgnoreCase);

    /// <summary>The admin connection string; fails with what to do when there is no server (a test never skips for it).</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"The PostgreSQL tests need a PostgreSQL server, named by the environment variable {ServerVariable} " +
                "(an admin connection string, e.g. 'Host=127.0.0.1;Port=5432;Username=postgres'). Run ./scripts/test: it starts " +
                "a throwaway server itself once PostgreSQL is installed (Debian/Ubuntu: sudo apt-get install -y postgresql).");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase(string purpose)
    {
        var name = $"mfa_{purpose}_{Guid.NewGuid():N}".ToLowerInvariant();
        name = name[..Math.Min(name.Length, 63)];
        using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, closing whatever still holds it.</summary>
    public static void DropDatabase(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var connection = new NpgsqlConnection(ServerConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }
}
