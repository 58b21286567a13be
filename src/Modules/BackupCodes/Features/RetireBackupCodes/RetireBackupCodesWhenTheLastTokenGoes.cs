using Mediator;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Features.RetireBackupCodes;

/// <summary>
/// Backup codes count only beside an active token: when a removal left the user with none, the sets made before it
/// retire. Delivered at least once (ADR 0013), so it decides from the tokens' history at the removal's moment: a late
/// redelivery, after the user enrolled again, still retires the old codes and never the new ones; of two concurrent
/// removals of the last two tokens, the later one finds none left.
/// </summary>
internal sealed class RetireBackupCodesWhenTheLastTokenGoes(BackupCodesDbContext db, ISender sender) : INotificationHandler<TokenRemoved>
{
    public async ValueTask Handle(TokenRemoved notification, CancellationToken cancellationToken)
    {
        if (await sender.Send(new HadActiveTokenAt(notification.UserId, notification.At), cancellationToken))
            return;
        var current = await db.Sets.Where(s => s.UserId == notification.UserId && s.RetiredAt == null && s.GeneratedAt <= notification.At)
            .ToListAsync(cancellationToken);
        foreach (var set in current)
            set.Retire(notification.At);
        await db.SaveChangesAsync(cancellationToken);
    }
}
