using Mediator;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Features.GetBackupCodeStatus;

internal sealed class GetBackupCodeStatusHandler(BackupCodesDbContext db) : IQueryHandler<Contracts.GetBackupCodeStatus, BackupCodeStatus>
{
    // Every login asks this (mfaRequirement, every verification's remainingBackupCodes): compiled.
    private static readonly CompiledPerModel<Func<BackupCodesDbContext, string, CancellationToken, Task<CurrentSetStatus?>>> CurrentSet = new(() =>
        EF.CompileAsyncQuery((BackupCodesDbContext db, string userId, CancellationToken ct) => db.Sets.AsNoTracking()
            .Where(s => s.UserId == userId && s.RetiredAt == null)
            .OrderByDescending(s => s.GeneratedAt).ThenByDescending(s => s.Id)
            .Select(s => new CurrentSetStatus(s.GeneratedAt, s.AcknowledgedAt, s.Codes.Count(c => c.SpentAt == null)))
            .FirstOrDefault()));

    public async ValueTask<BackupCodeStatus> Handle(Contracts.GetBackupCodeStatus query, CancellationToken cancellationToken)
    {
        var set = await CurrentSet.For(db)(db, query.UserId, cancellationToken);
        return set is null
            ? new BackupCodeStatus(0, false, null)
            : new BackupCodeStatus(set.Remaining, set.AcknowledgedAt != null, set.GeneratedAt);
    }
}

internal sealed record CurrentSetStatus(DateTimeOffset GeneratedAt, DateTimeOffset? AcknowledgedAt, int Remaining);
