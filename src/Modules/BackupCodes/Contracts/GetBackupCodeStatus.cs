using Mediator;

namespace MfaMonolith.Modules.BackupCodes.Contracts;

/// <summary>How many unused backup codes a user has (never the codes).</summary>
public sealed record GetBackupCodeStatus(string UserId) : IQuery<BackupCodeStatus>;

/// <param name="Remaining">Unused codes of the user's current set.</param>
/// <param name="Acknowledged">The user confirmed having saved the current set.</param>
public sealed record BackupCodeStatus(int Remaining, bool Acknowledged, DateTimeOffset? GeneratedAt);
