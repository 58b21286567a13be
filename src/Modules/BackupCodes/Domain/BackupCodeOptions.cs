namespace MfaMonolith.Modules.BackupCodes.Domain;

/// <summary><c>Mfa:BackupCodes:*</c>.</summary>
internal sealed class BackupCodeOptions
{
    /// <summary>PBKDF2 iterations for new sets; existing sets keep the count they were made with.</summary>
    public int HashIterations { get; set; } = BackupCodeHasher.DefaultIterations;
}
