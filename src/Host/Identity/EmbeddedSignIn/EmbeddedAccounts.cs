using Microsoft.AspNetCore.Identity;

namespace MfaMonolith.Host.Identity.EmbeddedSignIn;

/// <summary>
/// The accounts of the embedded sign-in, from <c>Mfa:EmbeddedSignIn:Accounts</c>. Only password hashes are
/// kept in memory: a plain <c>Password</c> (for demos and development) is hashed at start.
/// </summary>
internal sealed class EmbeddedAccounts
{
    private readonly PasswordHasher<string> hasher = new();
    private readonly Dictionary<string, (string Hash, bool IsAdmin)> accounts = new(StringComparer.Ordinal);
    private readonly string decoyHash;

    public EmbeddedAccounts(IConfiguration configuration)
    {
        foreach (var account in configuration.GetSection("Mfa:EmbeddedSignIn:Accounts").GetChildren())
        {
            var userName = account["UserName"]?.Trim();
            if (string.IsNullOrEmpty(userName))
                throw new InvalidOperationException($"Embedded sign-in account {account.Path} has no UserName.");
            var hash = account["PasswordHash"] is { Length: > 0 } given
                ? given
                : account["Password"] is { Length: > 0 } plain
                    ? hasher.HashPassword(userName, plain)
                    : throw new InvalidOperationException($"Embedded sign-in account '{userName}' has neither Password nor PasswordHash.");
            accounts[userName] = (hash, account.GetValue("IsAdmin", false));
        }

        decoyHash = hasher.HashPassword("decoy", Guid.NewGuid().ToString());
    }

    public int Count => accounts.Count;

    /// <summary>Checks a user name and password; an unknown user costs the same hashing time as a known one.</summary>
    public EmbeddedAccount? Verify(string? userName, string? password)
    {
        userName = userName?.Trim() ?? "";
        password ??= "";
        if (!accounts.TryGetValue(userName, out var account))
        {
            hasher.VerifyHashedPassword("decoy", decoyHash, password);
            return null;
        }

        return hasher.VerifyHashedPassword(userName, account.Hash, password) == PasswordVerificationResult.Failed
            ? null
            : new EmbeddedAccount(userName, account.IsAdmin);
    }
}

internal sealed record EmbeddedAccount(string UserId, bool IsAdmin);
