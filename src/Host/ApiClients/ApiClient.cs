namespace MfaMonolith.Host.ApiClients;

/// <summary>An API client created by an admin. Only the SHA-256 of its key is stored; the key is shown once.</summary>
internal sealed class ApiClient
{
    public string Name { get; set; } = "";
    public string KeySha256 { get; set; } = "";
    public string Scopes { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
