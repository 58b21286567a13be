using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.BackupCodes.Features.GetMyBackupCodes;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Features.AcknowledgeBackupCodes;

/// <summary>"I have my backup codes": from now on the codes exist only as hashes and cannot be shown again.</summary>
internal sealed record AcknowledgeBackupCodes(string UserId, Guid SetId) : ICommand<MyBackupCodesView>;

internal sealed class AcknowledgeBackupCodesHandler(BackupCodesDbContext db, TimeProvider clock)
    : ICommandHandler<AcknowledgeBackupCodes, MyBackupCodesView>
{
    public async ValueTask<MyBackupCodesView> Handle(AcknowledgeBackupCodes command, CancellationToken cancellationToken)
    {
        var set = await db.Sets.Include(s => s.Codes)
            .FirstOrDefaultAsync(s => s.Id == command.SetId && s.UserId == command.UserId && s.RetiredAt == null, cancellationToken)
            ?? throw new AppException(ErrorCodes.NotFound, "There is no current set of backup codes to confirm. Generate a new set.");
        var now = clock.GetUtcNow();
        set.Acknowledge(now);
        await db.SaveChangesAsync(cancellationToken);

        return new MyBackupCodesView(set.Id, set.Codes.Count(c => c.SpentAt == null), set.GeneratedAt, true, null);
    }
}

internal static class AcknowledgeBackupCodesField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<BackupCodesType>>("acknowledgeBackupCodes")
            .Description("Confirms you saved the set: the codes can never be shown, downloaded or printed again.")
            .Argument<NonNullGraphType<IdGraphType>>("setId")
            .ResolveAsync(async c => await c.Send(new AcknowledgeBackupCodes(c.RequireUserId(), c.GetIdArgument("setId"))));
}
