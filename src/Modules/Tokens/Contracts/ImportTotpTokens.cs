using Mediator;

namespace MfaMonolith.Modules.Tokens.Contracts;

/// <summary>
/// Brings in active TOTP tokens made by another system (a privacyIDEA export), one batch at a time: the batch is
/// written in one transaction, or not at all. A token is known by its user and its serial there; one already imported
/// is left unchanged, so a re-run (or a resumed run) imports nothing twice. Each imported token is recorded as
/// ENROLMENT_CONFIRMED by <paramref name="Actor"/>, and never switches the user's policy on: the user's own imported
/// setting does that, or nothing does (issue 15).
/// </summary>
/// <param name="DryRun">Only tells what would happen; writes nothing.</param>
public sealed record ImportTotpTokens(IReadOnlyList<TotpTokenToImport> Tokens, string Actor, bool DryRun = false) : ICommand<IReadOnlyList<TotpImportOutcome>>;

/// <summary>One token to import. <paramref name="Secret"/> is the raw key: the module encrypts it before it is stored.</summary>
/// <param name="Algorithm">SHA1, SHA256 or SHA512.</param>
public sealed record TotpTokenToImport(string UserId, string Serial, string Description, byte[] Secret, int Digits, int PeriodSeconds, string Algorithm)
{
    /// <summary>Never the secret: a record's generated ToString would print it into any log it reaches.</summary>
    public override string ToString() => $"{Serial} of {UserId}";
}

/// <summary>Per token, in the order given.</summary>
public enum TotpImportOutcome
{
    Imported,
    /// <summary>This user's token with this serial is here already.</summary>
    Unchanged,
}

/// <summary>What the Tokens module can verify, for an importer to refuse the rest before it sends them.</summary>
public static class ImportableTotp
{
    public static readonly IReadOnlySet<string> Algorithms = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "SHA1", "SHA256", "SHA512" };
    public static readonly IReadOnlySet<int> Digits = new HashSet<int> { 6, 8 };
    public static readonly IReadOnlySet<int> PeriodSeconds = new HashSet<int> { 30, 60 };

    /// <summary>At least 80 bits (RFC 4226), at most a SHA-512 block.</summary>
    public const int MinSecretBytes = 10, MaxSecretBytes = 128;

    /// <summary>Why the token cannot be imported, or null if it can.</summary>
    public static string? Refusal(TotpTokenToImport token) =>
        string.IsNullOrWhiteSpace(token.UserId) || token.UserId.Length > 256 ? "the user is missing or longer than 256 characters"
        : string.IsNullOrWhiteSpace(token.Serial) || token.Serial.Length > 128 ? "the serial is missing or longer than 128 characters"
        : token.Description.Length > 256 ? "the description is longer than 256 characters"
        : !Algorithms.Contains(token.Algorithm) ? $"unknown algorithm '{Shown(token.Algorithm)}' (SHA1, SHA256 or SHA512)"
        : !Digits.Contains(token.Digits) ? $"{token.Digits.ToString(System.Globalization.CultureInfo.InvariantCulture)} digits (6 or 8)"
        : !PeriodSeconds.Contains(token.PeriodSeconds) ? $"a time step of {token.PeriodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s (30 or 60)"
        : token.Secret.Length is < MinSecretBytes or > MaxSecretBytes ? $"a secret of {token.Secret.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes ({MinSecretBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} to {MaxSecretBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)})"
        : null;

    private static string Shown(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
