namespace MfaMonolith.SharedKernel.SecurityEvents;

/// <summary>Every security event of PRODUCT.md's audit list; names match the GraphQL <c>AuditEventType</c>.</summary>
public enum SecurityEventType
{
    SignInSucceeded,
    SignInFailed,
    EnrolmentStarted,
    EnrolmentConfirmed,
    EnrolmentExpired,
    VerificationAccepted,
    VerificationRejected,
    LockedOut,
    BackupCodesGenerated,
    BackupCodesAcknowledged,
    BackupCodeSpent,
    SettingsChanged,
    TokenRenamed,
    TokenRemoved,
    AdminAction,
    ApiClientCreated,
    ApiClientRevoked,
}
