using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Features.GetMyBackupCodes;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity.StepUp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Modules.BackupCodes.Features.GenerateBackupCodes;

/// <summary>
/// Makes a new set of ten codes and retires the old set entirely. Replacing a set the user already saved needs the
/// session's step-up (ADR 0015); during the first setup (no saved set yet) the fresh sign-in suffices. Of two
/// concurrent generations one wins (a unique index allows one current set per user); the other answers <c>CONFLICT</c>.
/// </summary>
internal sealed record GenerateBackupCodes(string UserId) : ICommand<MyBackupCodesView>;

internal sealed class GenerateBackupCodesHandler(
    BackupCodesDbContext db, BackupCodeHasher hasher, BackupCodeDisplayProtector display, IOptions<BackupCodeOptions> options,
    ISender sender, SessionStepUp stepUp, TimeProvider clock) : ICommandHandler<GenerateBackupCodes, MyBackupCodesView>
{
    public async ValueTask<MyBackupCodesView> Handle(GenerateBackupCodes command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!(await sender.Send(new GetTokenStatus(command.UserId), cancellationToken)).HasActiveToken)
            throw new AppException(ErrorCodes.NoActiveFactor, "Add a verification-code token first: backup codes work only beside one.");

        var current = await db.Sets.Where(s => s.UserId == command.UserId && s.RetiredAt == null).ToListAsync(cancellationToken);
        var replacesSavedSet = current.Any(s => s.IsAcknowledged);
        if (replacesSavedSet)
            await stepUp.RequireAsync("replace your backup codes", cancellationToken);

        var codes = BackupCodeFormat.NewSet();
        var salt = BackupCodeHasher.NewSalt();
        var iterations = options.Value.HashIterations;
        var hashes = new List<byte[]>(codes.Count);
        foreach (var code in codes)
            hashes.Add(await hasher.HashAsync(code, salt, iterations, cancellationToken));

        foreach (var old in current)
            old.Retire(now);
        var set = BackupCodeSet.Create(command.UserId, salt, iterations, hashes, display.Protect(codes), replacesSavedSet, now, replacesSets: current.Count > 0);
        db.Sets.Add(set);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two tabs generated at once: the unique index on the current set let the other one win, and nothing of
            // this one was saved. Asking again tells that apart from any other failure, on either provider.
            if (!await AnotherCurrentSetAsync(command.UserId, set.Id, cancellationToken))
                throw;
            throw new AppException(ErrorCodes.Conflict, "Your backup codes were not replaced: another set was made at the same moment; here it is.");
        }

        // The codes are shown in this answer: the step-up that allowed making them allows showing them.
        return new MyBackupCodesView(set.Id, codes.Count, now, false, codes.Select(BackupCodeFormat.Grouped).ToList(), CodesNeedStepUp: false);
    }

    private async Task<bool> AnotherCurrentSetAsync(string userId, Guid ours, CancellationToken cancellationToken) =>
        await db.Sets.AsNoTracking().AnyAsync(s => s.UserId == userId && s.RetiredAt == null && s.Id != ours, cancellationToken);
}

internal static class GenerateBackupCodesField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<BackupCodesType>>("generateBackupCodes")
            .Description("Makes a new set of 10 backup codes, shown until you confirm having saved them; the old set stops working. " +
                         "Replacing a saved set needs a recent second factor (step-up: verifyStepUp).")
            .ChecksCodeOrCostsHash()
            .ResolveAsync(async c => await c.Send(new GenerateBackupCodes(c.RequireUserId())));
}
