namespace MfaMonolith.SharedKernel.Pages;

/// <summary>The form fields a security key's answer travels in (see <c>SecurityKeyOption.razor</c>), and where challenges come from.</summary>
public static class SecurityKeyFields
{
    public const string Challenge = "securityKeyChallenge";

    public const string Credential = "securityKeyCredential";

    /// <summary>A challenge for the signed-in session's user (step-up, or the second factor a session still owes).</summary>
    public const string SessionChallengeUrl = "/second-factor/security-key";

    /// <summary>The answer the form carries: (challenge id, PublicKeyCredential JSON), or null when it carries none.</summary>
    public static (Guid ChallengeId, string Credential)? Read(Microsoft.AspNetCore.Http.IFormCollection form) =>
        Read(form[Challenge].ToString(), form[Credential].ToString());

    /// <summary>
    /// The answer from the two fields' values. A challenge id that is no id becomes one no challenge has: the answer is
    /// then refused as any wrong answer is, and counted.
    /// </summary>
    public static (Guid ChallengeId, string Credential)? Read(string? challenge, string? credential) =>
        string.IsNullOrEmpty(credential) ? null : (Guid.TryParse(challenge, out var id) ? id : Guid.Empty, credential);
}
