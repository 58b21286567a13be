using System.Security.Cryptography;

namespace MfaMonolith.Modules.BackupCodes.Domain;

/// <summary>
/// Backup codes people can read and type: 10 characters from 31 unambiguous ones (no 0/o, 1/l/i),
/// about 49.5 bits each, shown grouped as <c>k7wp-3mqa-x9</c>. Case, spaces and dashes are ignored when typed.
/// </summary>
internal static class BackupCodeFormat
{
    public const string Alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
    public const int Length = 10;
    public const int CodesPerSet = 10;

    public static double EntropyBits => Length * Math.Log2(Alphabet.Length);

    public static string NewCode() =>
        string.Create(Length, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
                chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        });

    /// <summary>Ten distinct new codes.</summary>
    public static IReadOnlyList<string> NewSet()
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < CodesPerSet)
            codes.Add(NewCode());
        return [.. codes];
    }

    public static string Grouped(string code) => $"{code[..4]}-{code[4..8]}-{code[8..]}";

    /// <summary>The canonical form of a typed code, or null when it cannot be a backup code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 64)
            return null;
        var cleaned = typed.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        return cleaned.Length == Length && cleaned.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? cleaned : null;
    }
}
