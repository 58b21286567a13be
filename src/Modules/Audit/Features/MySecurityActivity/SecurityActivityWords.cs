namespace MfaMonolith.Modules.Audit.Features.MySecurityActivity;

/// <summary>An event in the words a user reads: no codes, no internal names.</summary>
internal static class SecurityActivityWords
{
    private const string SecurityKey = "WEBAUTHN";

    public static string What(ActivityRowModel row) => row.Type switch
    {
        "SIGN_IN_SUCCEEDED" => "Signed in",
        "SIGN_IN_FAILED" => "Sign-in failed",
        "ENROLMENT_STARTED" => "Adding a token started",
        "ENROLMENT_CONFIRMED" => row.Method == SecurityKey ? "Security key added" : "Token added",
        "ENROLMENT_EXPIRED" => "An unfinished token expired",
        "VERIFICATION_ACCEPTED" => row.Method switch
        {
            "BACKUP_CODE" => "Backup code accepted",
            SecurityKey => "Security key accepted",
            _ => "Verification code accepted",
        },
        "VERIFICATION_REJECTED" => (row.Method == SecurityKey ? "Security key refused: " : "Code rejected: ") + Reason(row.Reason),
        "LOCKED_OUT" => "Verification locked after too many wrong codes",
        "BACKUP_CODES_GENERATED" => "New backup codes made (the old ones stopped working)",
        "BACKUP_CODES_ACKNOWLEDGED" => "Backup codes saved",
        "BACKUP_CODE_SPENT" => "Backup code used",
        "SETTINGS_CHANGED" => "Service Settings changed",
        "TOKEN_RENAMED" => row.Method == SecurityKey ? "Security key renamed" : "Token renamed",
        "TOKEN_REMOVED" => row.Method == SecurityKey ? "Security key removed" : "Token removed",
        "ADMIN_ACTION" => "Changed by an administrator",
        _ => row.Type,
    };

    public static string By(string actor) =>
        actor.StartsWith("user:", StringComparison.Ordinal) ? "you"
        : actor == "admin:import" ? "the move from the previous system"
        : actor.StartsWith("admin:", StringComparison.Ordinal) ? "an administrator"
        : actor.StartsWith("client:", StringComparison.Ordinal) ? "the login service (ProxyIdP)"
        : actor;

    private static string Reason(string? reason) => reason switch
    {
        "INVALID_CODE" => "wrong code",
        "REPLAYED" => "the code was already used",
        "LOCKED_OUT" => "verification was locked",
        "NO_ACTIVE_FACTOR" => "no active token",
        "CLONED_KEY" => "the key may have been copied (its counter went back); tell the help desk",
        _ => "refused",
    };
}
