namespace MfaMonolith.Modules.Tokens.Domain;

/// <summary><c>Mfa:Issuer</c> and <c>Mfa:Totp:*</c>.</summary>
internal sealed class TotpOptions
{
    public string Issuer { get; set; } = "MfaMonolith";

    /// <summary>How many 30-second steps either side of now are accepted.</summary>
    public int WindowSteps { get; set; } = 1;
}
