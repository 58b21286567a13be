using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>
/// The benchmark's users and what they hold, derived from one random key per run: the harness computes any user's TOTP
/// code from the user's number instead of keeping a million secrets. Every user shares one backup-code set (its salt
/// and hashes are computed once: PBKDF2 per code per user would take hours at a million users).
/// </summary>
internal sealed class BenchUsers(int count, IReadOnlyList<string> backupCodes)
{
    private readonly byte[] masterKey = RandomNumberGenerator.GetBytes(32);

    public int Count => count;

    /// <summary>The plain codes of the one set every user holds (in the set's order).</summary>
    public IReadOnlyList<string> BackupCodes => backupCodes;

    public static string Id(int user) => string.Create(CultureInfo.InvariantCulture, $"bench-user-{user:D7}@example.org");

    /// <summary>Someone the federation knows who never enrolled: the Tokens module has no row for them.</summary>
    public static string WithoutTokenId(int index) => string.Create(CultureInfo.InvariantCulture, $"no-token-{index:D7}@example.org");

    /// <summary>160 bits, as <c>TotpAlgorithm.NewSecret</c> makes them, but reproducible from the user's number.</summary>
    public byte[] Secret(int user)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, user);
        return HMACSHA256.HashData(masterKey, number)[..20];
    }

    /// <summary>What the user's authenticator app shows during TOTP step <paramref name="step"/>.</summary>
    public string Code(int user, long step) => new OtpNet.Hotp(Secret(user)).ComputeHOTP(step);

    /// <summary>
    /// Half the users require MFA for every service; the other half for 1–3 categories, some excluding one service of an
    /// included category (Perun's <c>includeCategories</c> with <c>excludeRps</c>).
    /// </summary>
    public static (bool All, string[] Categories, string[] ExcludedRelyingParties) SettingOf(int user)
    {
        if (user % 2 == 0)
            return (true, [], []);
        var first = user / 2 % BenchCatalogue.CategoryCount;
        var categories = Enumerable.Range(0, 1 + user / 16 % 3).Select(i => (first + i) % BenchCatalogue.CategoryCount).ToArray();
        // Relying party `first` belongs to category `first` (CategoryOf is index % 8): an exclusion inside an included category.
        string[] excluded = user % 3 == 0 ? [BenchCatalogue.RelyingPartyId(first)] : [];
        return (false, [.. categories.Select(BenchCatalogue.CategoryId)], excluded);
    }
}
