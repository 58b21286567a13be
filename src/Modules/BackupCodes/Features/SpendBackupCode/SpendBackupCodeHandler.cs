using Mediator;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Features.SpendBackupCode;

internal sealed class SpendBackupCodeHandler(BackupCodesDbContext db, BackupCodeHasher hasher, SecurityEventOutbox outbox, TimeProvider clock)
    : ICommandHandler<Contracts.SpendBackupCode, BackupCodeSpending>
{
    public async ValueTask<BackupCodeSpending> Handle(Contracts.SpendBackupCode command, CancellationToken cancellationToken)
    {
        var set = await db.Sets.AsNoTracking()
            .Where(s => s.UserId == command.UserId && s.RetiredAt == null)
            // The unique index allows one current set; should that ever not hold, the newest one is the user's.
            .OrderByDescending(s => s.GeneratedAt).ThenByDescending(s => s.Id)
            .Select(s => new { s.Id, s.Salt, s.Iterations })
            .FirstOrDefaultAsync(cancellationToken);
        if (set is null)
            return new BackupCodeSpending(false, 0);

        var unused = await db.Codes.AsNoTracking()
            .Where(c => c.SetId == set.Id && c.SpentAt == null)
            .Select(c => new { c.Id, c.Hash })
            .ToListAsync(cancellationToken);
        var code = BackupCodeFormat.Normalize(command.Code);
        if (code is null || unused.Count == 0)
            return new BackupCodeSpending(false, unused.Count);

        var hash = await hasher.HashAsync(code, set.Salt, set.Iterations, cancellationToken);
        var match = BackupCodeHasher.IndexOfMatch(hash, unused.Select(c => c.Hash).ToList());
        if (match < 0)
            return new BackupCodeSpending(false, unused.Count);

        var now = clock.GetUtcNow();
        var codeId = unused[match].Id;
        bool spent;
        int remaining;
        // The spend and its events commit together (ADR 0013).
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The conditional update is the spend: only one of several concurrent attempts changes the row.
            spent = await db.Codes.Where(c => c.Id == codeId && c.SpentAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SpentAt, now), cancellationToken) == 1;
            remaining = await db.Codes.CountAsync(c => c.SetId == set.Id && c.SpentAt == null, cancellationToken);
            if (spent)
            {
                outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.BackupCodeSpent, command.UserId,
                    SecurityEventOccurred.UserActor(command.UserId), now, command.RelyingParty, Method: "BACKUP_CODE", Detail: $"remaining={remaining}"));
                if (command.WhenSpent is { } whenSpent)
                    outbox.Stage(db, whenSpent);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return new BackupCodeSpending(spent, remaining);
    }
}
