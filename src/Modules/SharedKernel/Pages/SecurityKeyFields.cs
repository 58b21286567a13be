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
        form[Credential].ToString() is { Length: > 0 } credential
            ? (Guid.TryParse(form[Challenge].ToString(), out var id) ? id : Guid.Empty, credential)
            : null;
}
