using Mediator;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.Modules.BackupCodes.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Features.GetBackupCodeStatus;

internal sealed class GetBackupCodeStatusHandler(BackupCodesDbContext db) : IQueryHandler<Contracts.GetBackupCodeStatus, BackupCodeStatus>
{
    public async ValueTask<BackupCodeStatus> Handle(Contracts.GetBackupCodeStatus query, CancellationToken cancellationToken)
    {
        var set = await db.Sets.AsNoTracking()
            .Where(s => s.UserId == query.UserId && s.RetiredAt == null)
            .OrderByDescending(s => s.GeneratedAt).ThenByDescending(s => s.Id)
            .Select(s => new { s.GeneratedAt, s.AcknowledgedAt, Remaining = s.Codes.Count(c => c.SpentAt == null) })
            .FirstOrDefaultAsync(cancellationToken);
        return set is null
            ? new BackupCodeStatus(0, false, null)
            : new BackupCodeStatus(set.Remaining, set.AcknowledgedAt != null, set.GeneratedAt);
    }
}
