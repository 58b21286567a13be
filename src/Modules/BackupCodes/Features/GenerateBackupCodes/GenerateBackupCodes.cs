using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Features.GetMyBackupCodes;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Modules.BackupCodes.Features.GenerateBackupCodes;

/// <summary>
/// Makes a new set of ten codes and retires the old set entirely. Replacing a set the user already saved needs a
/// TOTP code typed now (step-up); during the first setup (no saved set yet) the fresh sign-in suffices.
/// </summary>
internal sealed record GenerateBackupCodes(string UserId, string? StepUpCode) : ICommand<MyBackupCodesView>;

internal sealed class GenerateBackupCodesHandler(
    BackupCodesDbContext db, BackupCodeHasher hasher, BackupCodeDisplayProtector display, IOptions<BackupCodeOptions> options,
    ISender sender, SecurityEventOutbox outbox, IPublisher publisher, TimeProvider clock) : ICommandHandler<GenerateBackupCodes, MyBackupCodesView>
{
    public async ValueTask<MyBackupCodesView> Handle(GenerateBackupCodes command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var actor = SecurityEventOccurred.UserActor(command.UserId);
        if (!(await sender.Send(new GetTokenStatus(command.UserId), cancellationToken)).HasActiveToken)
            throw new AppException(ErrorCodes.NoActiveFactor, "Add a verification-code token first: backup codes work only beside one.");

        var current = await db.Sets.Where(s => s.UserId == command.UserId && s.RetiredAt == null).ToListAsync(cancellationToken);
        if (current.Any(s => s.IsAcknowledged))
            await RequireStepUpAsync(command, actor, now, cancellationToken);

        var codes = BackupCodeFormat.NewSet();
        var salt = BackupCodeHasher.NewSalt();
        var iterations = options.Value.HashIterations;
        var hashes = new List<byte[]>(codes.Count);
        foreach (var code in codes)
            hashes.Add(await hasher.HashAsync(code, salt, iterations, cancellationToken));

        foreach (var old in current)
            old.Retire(now);
        var set = BackupCodeSet.Create(command.UserId, salt, iterations, hashes, display.Protect(codes), now);
        db.Sets.Add(set);
        outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.BackupCodesGenerated, command.UserId, actor, now,
            Reason: current.Count > 0 ? "REPLACED" : null, Detail: set.Id.ToString()));
        await db.SaveChangesAsync(cancellationToken);
        await outbox.DeliverAsync();
        return new MyBackupCodesView(set.Id, codes.Count, now, false, codes.Select(BackupCodeFormat.Grouped).ToList());
    }

    private async Task RequireStepUpAsync(GenerateBackupCodes command, string actor, DateTimeOffset now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(command.StepUpCode))
            throw new AppException(ErrorCodes.StepUpRequired, "Type the code your verification app shows now to replace your backup codes.");
        // The Tokens module records the accepted step-up with the step it consumed; a rejection changes nothing.
        var verification = await sender.Send(new VerifyTotpCode(command.UserId, command.StepUpCode,
            new SecurityEventOccurred(SecurityEventType.VerificationAccepted, command.UserId, actor, now, Method: "TOTP", Detail: "step-up")), ct);
        if (verification.Accepted)
            return;

        var replayed = verification.Outcome == TotpVerificationOutcome.Replayed;
        await publisher.Publish(new SecurityEventOccurred(SecurityEventType.VerificationRejected, command.UserId, actor, now, Method: "TOTP",
            Reason: replayed ? ErrorCodes.Replayed : ErrorCodes.InvalidCode, Detail: "step-up"), ct);
        throw replayed
            ? new AppException(ErrorCodes.Replayed, "That code was already used. Wait for your app to show the next code.")
            : new AppException(ErrorCodes.InvalidCode, "That code is not right. Type the code your verification app shows now.");
    }
}

internal static class GenerateBackupCodesField
{
    public static void Add(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<BackupCodesType>>("generateBackupCodes")
            .Description("Makes a new set of 10 backup codes, shown until you confirm having saved them; the old set stops working. " +
                         "Replacing a saved set needs a current TOTP code (step-up).")
            .Argument<StringGraphType>("code", "A code from your verification app, typed now (needed to replace a saved set).")
            .ResolveAsync(async c => await c.Send(new GenerateBackupCodes(c.RequireUserId(), c.GetArgument<string?>("code"))));
}
