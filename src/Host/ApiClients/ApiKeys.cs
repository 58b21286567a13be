using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MfaMonolith.SharedKernel.Identity;

namespace MfaMonolith.Host.ApiClients;

internal static class ApiKeys
{
    public static readonly IReadOnlySet<string> KnownScopes = new HashSet<string>(StringComparer.Ordinal) { UserClaims.PolicyReadScope, UserClaims.OtpVerifyScope, UserClaims.SchemaReadScope };

    /// <summary>256 random bits, URL-safe, with a prefix that secret scanners can recognise.</summary>
    public static string NewKey() => "mfa_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Keys are long random strings, so a plain SHA-256 suffices to store them (no password stretching needed).</summary>
    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a.ToLowerInvariant()), Encoding.ASCII.GetBytes(b.ToLowerInvariant()));
}
