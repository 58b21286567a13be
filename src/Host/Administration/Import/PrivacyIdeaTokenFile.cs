using System.Globalization;
using System.Text.Json;
using MfaMonolith.Modules.Tokens.Contracts;

namespace MfaMonolith.Host.Administration.Import;

/// <summary>
/// A privacyIDEA token export, one token per line: JSON (lines, or an array one element per line) or CSV with a header
/// naming the columns. The fields are privacyIDEA's: <c>serial</c>, <c>user</c>, <c>description</c>, <c>otpkey</c>
/// (hex, as privacyIDEA keeps it; base32 when <c>otpkeyformat</c> says so), <c>otplen</c>, <c>timeStep</c> and
/// <c>hashlib</c>; a <c>type</c>, when given, must be <c>totp</c>. A line either becomes a token to import or is refused
/// with its reason; a reason never quotes the key.
/// </summary>
internal static class PrivacyIdeaTokenFile
{
    public static bool IsCsvHeader(string firstLine) => !firstLine.StartsWith('{');

    public static (TotpTokenToImport? Token, string? Refusal) FromJson(string text)
    {
        Dictionary<string, string> fields;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, "not a JSON object");
            fields = document.RootElement.EnumerateObject()
                .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            // Not the parser's message: it may quote the line, key and all.
            return (null, "not valid JSON (a truncated or broken line)");
        }

        return FromFields(fields);
    }

    public static IReadOnlyList<string> CsvHeader(string headerLine) => [.. (Csv.Split(headerLine) ?? []).Select(h => h.Trim())];

    public static (TotpTokenToImport? Token, string? Refusal) FromCsv(IReadOnlyList<string> header, string text)
    {
        var values = Csv.Split(text);
        if (values is null)
            return (null, "not valid CSV (an unclosed quote: a truncated or broken line)");
        if (values.Count != header.Count)
            return (null, string.Create(CultureInfo.InvariantCulture, $"{values.Count} columns, the header has {header.Count}"));
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++)
            fields.TryAdd(header[i], values[i]);
        return FromFields(fields);
    }

    private static (TotpTokenToImport? Token, string? Refusal) FromFields(Dictionary<string, string> fields)
    {
        string Field(string name, string fallback = "") => fields.TryGetValue(name, out var value) ? value.Trim() : fallback;

        if (Field("type", "totp") is var type && !type.Equals("totp", StringComparison.OrdinalIgnoreCase))
            return (null, "not a TOTP token (type " + Shown(type) + ")");
        var serial = Field("serial");
        var user = Field("user", Field("username"));
        if (serial.Length == 0)
            return (null, "no serial");
        if (user.Length == 0)
            return (null, $"token {Shown(serial)}: no user");
        if (!int.TryParse(Field("otplen", "6"), NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
            return (null, $"token {Shown(serial)}: otplen is not a number");
        if (!int.TryParse(Field("timeStep", "30"), NumberStyles.None, CultureInfo.InvariantCulture, out var period))
            return (null, $"token {Shown(serial)}: timeStep is not a number");
        var format = Field("otpkeyformat", "hex");
        var secret = format.ToUpperInvariant() switch
        {
            "HEX" => Hex(Field("otpkey")),
            "BASE32" => Base32.Decode(Field("otpkey")),
            _ => null,
        };
        if (secret is null)
            return (null, $"token {Shown(serial)}: otpkey is not valid {(format.Equals("hex", StringComparison.OrdinalIgnoreCase) ? "hex" : format.Equals("base32", StringComparison.OrdinalIgnoreCase) ? "base32" : "(unknown otpkeyformat)")}");
        var token = new TotpTokenToImport(user, serial, Field("description"), secret, digits, period, Field("hashlib", "sha1"));
        return ImportableTotp.Refusal(token) is { } refusal ? (null, $"token {Shown(serial)}: {refusal}") : (token, null);
    }

    private static byte[]? Hex(string text)
    {
        try
        {
            return text.Length == 0 ? null : Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Shown(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

/// <summary>RFC 4648 base32, strict: a character outside the alphabet makes the whole key invalid, not a shorter key.</summary>
internal static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static byte[]? Decode(string text)
    {
        var cleaned = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        if (cleaned.Length == 0)
            return null;
        var bytes = new List<byte>(cleaned.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in cleaned)
        {
            var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
                return null;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}

/// <summary>One CSV record (RFC 4180 quoting, on one line); null when a quote is left open.</summary>
internal static class Csv
{
    public static List<string>? Split(string line)
    {
        var values = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    current.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                values.Add(current.ToString());
                current.Clear();
            }
            else
                current.Append(c);
        }

        if (quoted)
            return null;
        values.Add(current.ToString());
        return values;
    }
}
