using System.Security.Cryptography;
using System.Text;

namespace MfaMonolith.Modules.BackupCodes.Domain;

/// <summary>
/// Backup codes are stored only as PBKDF2-HMAC-SHA256 hashes, salted once per set (NIST SP 800-63B asks for a
/// salted KDF for look-up secrets under 112 bits). An attempt costs exactly one KDF evaluation: the typed code is
/// hashed once with the set's salt and compared in constant time against every stored hash. At most one
/// evaluation per core runs at a time, so a burst of backup-code attempts cannot starve the TOTP and policy paths.
/// </summary>
internal sealed class BackupCodeHasher : IDisposable
{
    public const int DefaultIterations = 100_000;
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    private readonly SemaphoreSlim concurrentEvaluations = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private long evaluations;

    /// <summary>KDF evaluations since start (a figure for operators, and how tests prove "one per attempt").</summary>
    public long Evaluations => Interlocked.Read(ref evaluations);

    public void Dispose() => concurrentEvaluations.Dispose();

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    public async Task<byte[]> HashAsync(string normalizedCode, byte[] salt, int iterations, CancellationToken ct)
    {
        await concurrentEvaluations.WaitAsync(ct);
        try
        {
            Interlocked.Increment(ref evaluations);
            return Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(normalizedCode), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        }
        finally
        {
            concurrentEvaluations.Release();
        }
    }

    /// <summary>The index of the matching hash, comparing against all of them so timing reveals nothing.</summary>
    public static int IndexOfMatch(byte[] hash, IReadOnlyList<byte[]> candidates)
    {
        var match = -1;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, candidates[i]) && match < 0)
                match = i;
        }

        return match;
    }
}
