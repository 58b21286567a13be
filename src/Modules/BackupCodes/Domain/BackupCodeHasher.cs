using System.Security.Cryptography;
using System.Text;

namespace MfaMonolith.Modules.BackupCodes.Domain;

/// <summary>
/// Backup codes are stored only as PBKDF2-HMAC-SHA256 hashes, salted once per set (NIST SP 800-63B asks for a
/// salted KDF for look-up secrets under 112 bits). An attempt costs exactly one KDF evaluation: the typed code is
/// hashed once with the set's salt and compared in constant time against every stored hash. Evaluations leave one core
/// free (one at a time on two cores): a burst of backup-code attempts measured 10–14× the TOTP and policy p99 when it
/// could take every core (issue 12); attempts beyond that wait their turn instead.
/// </summary>
internal sealed class BackupCodeHasher : IDisposable
{
    public const int DefaultIterations = 100_000;
    public const int SaltBytes = 16;
    public const int HashBytes = 32;

    public static readonly int MaxConcurrentEvaluations = Math.Max(1, Environment.ProcessorCount - 1);

    private readonly SemaphoreSlim concurrentEvaluations = new(MaxConcurrentEvaluations, MaxConcurrentEvaluations);
    private long evaluations;
    private int running;
    private int peakRunning;

    /// <summary>KDF evaluations since start (a figure for operators, and how tests prove "one per attempt").</summary>
    public long Evaluations => Interlocked.Read(ref evaluations);

    /// <summary>The most evaluations that ever ran at once (tests pin the limit with it).</summary>
    public int PeakConcurrentEvaluations => Volatile.Read(ref peakRunning);

    public void Dispose() => concurrentEvaluations.Dispose();

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    public async Task<byte[]> HashAsync(string normalizedCode, byte[] salt, int iterations, CancellationToken ct)
    {
        await concurrentEvaluations.WaitAsync(ct);
        try
        {
            Interlocked.Increment(ref evaluations);
            var now = Interlocked.Increment(ref running);
            for (var peak = Volatile.Read(ref peakRunning); now > peak; peak = Volatile.Read(ref peakRunning))
                Interlocked.CompareExchange(ref peakRunning, now, peak);
            return Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(normalizedCode), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        }
        finally
        {
            Interlocked.Decrement(ref running);
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
