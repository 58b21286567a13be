namespace MfaMonolith.Modules.ServicePolicies.Domain;

/// <summary>Authentication context class references the policy understands.</summary>
internal static class AuthnContext
{
    public const string RefedsMfa = "https://refeds.org/profile/mfa";
    public const string MicrosoftMultipleAuthn = "http://schemas.microsoft.com/claims/multipleauthn";

    /// <summary>The service asked for a second factor (REFEDS MFA, or Microsoft's multipleauthn treated as MFA).</summary>
    public static bool AsksForMfa(IReadOnlyCollection<string>? requested) =>
        requested is not null && requested.Any(acr => acr is RefedsMfa or MicrosoftMultipleAuthn);
}
