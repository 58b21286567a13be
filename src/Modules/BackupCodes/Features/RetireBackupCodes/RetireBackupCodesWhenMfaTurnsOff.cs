using Mediator;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Features.RetireBackupCodes;

/// <summary>Backup codes count only beside an active token: removing the last token retires them.</summary>
internal sealed class RetireBackupCodesWhenMfaTurnsOff(BackupCodesDbContext db) : INotificationHandler<MfaTurnedOff>
{
    public async ValueTask Handle(MfaTurnedOff notification, CancellationToken cancellationToken)
    {
        var current = await db.Sets.Where(s => s.UserId == notification.UserId && s.RetiredAt == null).ToListAsync(cancellationToken);
        foreach (var set in current)
            set.Retire(notification.At);
        await db.SaveChangesAsync(cancellationToken);
    }
}
