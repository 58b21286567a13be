using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace MfaMonolith.Modules.Tokens.Domain;

/// <summary>
/// The HMAC of a token's codes. Enrolment makes SHA-1 (what every authenticator app supports); tokens imported from
/// privacyIDEA keep the SHA-256 or SHA-512 they were made with (RFC 6238 allows all three).
/// </summary>
internal enum TotpHash
{
    Sha1 = 0,
    Sha256 = 1,
    Sha512 = 2,
}

/// <summary>RFC 6238 TOTP (HOTP of the time step), SHA-1 by default, as authenticator apps compute it.</summary>
internal static class TotpAlgorithm
{
    public const int DefaultDigits = 6;
    public const int DefaultPeriodSeconds = 30;
    public const int SecretBytes = 20; // 160 bits, RFC 4226's recommendation

    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    public static long TimeStep(DateTimeOffset time, int periodSeconds) =>
        time.ToUnixTimeSeconds() / periodSeconds;

    public static string Code(byte[] secret, long step, int digits = DefaultDigits, TotpHash hash = TotpHash.Sha1) =>
        new Hotp(secret, ModeOf(hash), digits).ComputeHOTP(step);

    private static OtpHashMode ModeOf(TotpHash hash) => hash switch
    {
        TotpHash.Sha256 => OtpHashMode.Sha256,
        TotpHash.Sha512 => OtpHashMode.Sha512,
        _ => OtpHashMode.Sha1,
    };

    /// <summary>
    /// The step within <paramref name="windowSteps"/> of now whose code equals <paramref name="code"/>, if any.
    /// Every candidate is computed and compared in constant time, so timing does not tell which step matched.
    /// </summary>
    public static long? MatchingStep(byte[] secret, string code, DateTimeOffset now, int periodSeconds, int digits, int windowSteps, TotpHash hash = TotpHash.Sha1)
    {
        var typed = Encoding.ASCII.GetBytes(code);
        var current = TimeStep(now, periodSeconds);
        long? match = null;
        for (var step = current - windowSteps; step <= current + windowSteps; step++)
        {
            var expected = Encoding.ASCII.GetBytes(Code(secret, step, digits, hash));
            if (CryptographicOperations.FixedTimeEquals(expected, typed) && match is null)
                match = step;
        }

        return match;
    }

    /// <summary>Digits only, with the spaces and dashes people type removed; null when it cannot be a code.</summary>
    public static string? NormalizeCode(string? typed, int digits = DefaultDigits)
    {
        if (typed is null || typed.Length > 64)
            return null;
        var cleaned = typed.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
        return cleaned.Length == digits && cleaned.All(char.IsAsciiDigit) ? cleaned : null;
    }
}
