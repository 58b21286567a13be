namespace MfaMonolith.Modules.Audit.Features.MySecurityActivity;

/// <summary>An event in the words a user reads: no codes, no internal names.</summary>
internal static class SecurityActivityWords
{
    public static string What(ActivityRowModel row) => row.Type switch
    {
        "SIGN_IN_SUCCEEDED" => "Signed in",
        "SIGN_IN_FAILED" => "Sign-in failed",
        "ENROLMENT_STARTED" => "Adding a token started",
        "ENROLMENT_CONFIRMED" => "Token added",
        "ENROLMENT_EXPIRED" => "An unfinished token expired",
        "VERIFICATION_ACCEPTED" => row.Method == "BACKUP_CODE" ? "Backup code accepted" : "Verification code accepted",
        "VERIFICATION_REJECTED" => "Code rejected: " + Reason(row.Reason),
        "LOCKED_OUT" => "Verification locked after too many wrong codes",
        "BACKUP_CODES_GENERATED" => "New backup codes made (the old ones stopped working)",
        "BACKUP_CODES_ACKNOWLEDGED" => "Backup codes saved",
        "BACKUP_CODE_SPENT" => "Backup code used",
        "SETTINGS_CHANGED" => "Service Settings changed",
        "TOKEN_RENAMED" => "Token renamed",
        "TOKEN_REMOVED" => "Token removed",
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
        _ => "refused",
    };
}
