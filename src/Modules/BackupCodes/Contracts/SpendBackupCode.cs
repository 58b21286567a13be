using Mediator;

namespace MfaMonolith.Modules.BackupCodes.Contracts;

/// <summary>
/// Spends one of the user's unused backup codes, atomically: of two concurrent spends of one code exactly one
/// succeeds. A spent, unknown or malformed code is simply not spent. Publishes BACKUP_CODE_SPENT on success;
/// the caller records what the verification was for.
/// </summary>
public sealed record SpendBackupCode(string UserId, string Code, string? RelyingParty = null) : ICommand<BackupCodeSpending>;

/// <param name="Remaining">Unused codes after this call.</param>
public sealed record BackupCodeSpending(bool Spent, int Remaining);
