using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Modules.BackupCodes.Contracts;

/// <summary>
/// Spends one of the user's unused backup codes, atomically: of two concurrent spends of one code exactly one
/// succeeds. A spent, unknown or malformed code is simply not spent. Records BACKUP_CODE_SPENT on success, and
/// <paramref name="WhenSpent"/> — the caller's event saying what the verification was for — in the same transaction.
/// </summary>
public sealed record SpendBackupCode(string UserId, string Code, string? RelyingParty = null, SecurityEventOccurred? WhenSpent = null)
    : ICommand<BackupCodeSpending>;

/// <param name="Remaining">Unused codes after this call.</param>
public sealed record BackupCodeSpending(bool Spent, int Remaining);
