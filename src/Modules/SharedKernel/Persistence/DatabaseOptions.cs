namespace MfaMonolith.SharedKernel.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary><c>Mfa:Database</c> plus the data folder SQLite derives its files from.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string? ConnectionString { get; set; }

    /// <summary>Filled in by the Host from <c>Mfa:DataDirectory</c>.</summary>
    public string DataDirectory { get; set; } = "data";
}
