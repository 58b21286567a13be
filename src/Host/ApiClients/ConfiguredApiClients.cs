namespace MfaMonolith.Host.ApiClients;

/// <summary>API clients declared in configuration (<c>Mfa:ApiClients:N:Name</c>, <c>:Key</c> or <c>:KeySha256</c>, <c>:Scopes</c>).</summary>
internal sealed class ConfiguredApiClients
{
    public ConfiguredApiClients(IConfiguration configuration)
    {
        foreach (var section in configuration.GetSection("Mfa:ApiClients").GetChildren())
        {
            var name = section["Name"];
            if (string.IsNullOrWhiteSpace(name))
                throw new InvalidOperationException($"{section.Path} has no Name.");
            var hash = section["KeySha256"] is { Length: > 0 } given
                ? given.ToLowerInvariant()
                : section["Key"] is { Length: >= 16 } key
                    ? ApiKeys.Sha256Hex(key)
                    : throw new InvalidOperationException($"API client '{name}' needs KeySha256, or a Key of at least 16 characters.");
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
                throw new InvalidOperationException($"API client '{name}': KeySha256 must be 64 hexadecimal digits.");
            var scopes = section.GetSection("Scopes").GetChildren().Select(s => s.Value ?? "").ToList();
            if (scopes.FirstOrDefault(s => !ApiKeys.KnownScopes.Contains(s)) is { } unknown)
                throw new InvalidOperationException($"API client '{name}' has the unknown scope '{unknown}'; known: {string.Join(", ", ApiKeys.KnownScopes)}.");
            Clients.Add(new ApiClient { Name = name, KeySha256 = hash, Scopes = string.Join(' ', scopes) });
        }
    }

    public List<ApiClient> Clients { get; } = [];
}
