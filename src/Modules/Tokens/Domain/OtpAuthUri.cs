using OtpNet;

namespace MfaMonolith.Modules.Tokens.Domain;

/// <summary>The Key URI Format authenticator apps read from the QR code.</summary>
internal static class OtpAuthUri
{
    public static string For(string issuer, string account, byte[] secret, int digits, int periodSeconds)
    {
        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(account);
        return $"otpauth://totp/{label}?secret={Base32(secret)}&issuer={Uri.EscapeDataString(issuer)}"
            + $"&algorithm=SHA1&digits={digits}&period={periodSeconds}";
    }

    public static string Base32(byte[] secret) => Base32Encoding.ToString(secret).TrimEnd('=');

    /// <summary>The secret in groups of four, for typing by hand.</summary>
    public static string Grouped(string base32) =>
        string.Join(' ', base32.Chunk(4).Select(chunk => new string(chunk)));
}
