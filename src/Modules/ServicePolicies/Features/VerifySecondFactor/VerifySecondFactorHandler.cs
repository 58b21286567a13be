using Mediator;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;

internal sealed class VerifySecondFactorHandler(LockoutLedger lockouts, ISender sender, IPublisher publisher, TimeProvider clock)
    : ICommandHandler<Contracts.VerifySecondFactor, SecondFactorVerification>
{
    private const int MinTotpDigits = 6;
    private const int MaxTotpDigits = 8;

    public async ValueTask<SecondFactorVerification> Handle(Contracts.VerifySecondFactor command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lockout = await lockouts.ReadAsync(command.UserId, now, ct);
        if (lockout.LockedUntil is { } lockedUntil)
            return await RejectAsync(command, SecondFactorFailure.LockedOut, null, lockedUntil, now, ct);

        if (!(await sender.Send(new GetTokenStatus(command.UserId), ct)).HasActiveToken)
            return await RejectAsync(command, SecondFactorFailure.NoActiveFactor, null, null, now, ct);

        var typed = (command.Code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        string method;
        bool accepted;
        // TOTP codes have 6 to 8 digits; a backup code is longer and may, rarely, be all digits (its alphabet has 2–9).
        if (typed.Length is >= MinTotpDigits and <= MaxTotpDigits && typed.All(char.IsAsciiDigit))
        {
            method = "TOTP";
            // The accepted event is recorded by the module that consumes the code, in the same transaction.
            var totp = await sender.Send(new VerifyTotpCode(command.UserId, typed, Event(command, SecurityEventType.VerificationAccepted, now, method, null)), ct);
            // A right code used again (double submit, retry) is not a guess: it does not count towards the lock-out.
            if (totp.Outcome == TotpVerificationOutcome.Replayed)
                return await RejectAsync(command, SecondFactorFailure.Replayed, method, null, now, ct);
            accepted = totp.Accepted;
        }
        else
        {
            method = "BACKUP_CODE";
            accepted = (await sender.Send(new SpendBackupCode(command.UserId, command.Code ?? "", command.RelyingParty,
                Event(command, SecurityEventType.VerificationAccepted, now, method, null)), ct)).Spent;
        }

        if (accepted)
        {
            if (lockout.HasCounts)
                await lockouts.RecordSuccessAsync(command.UserId, ct);
            return new SecondFactorVerification(true, method, await RemainingAsync(command.UserId, ct), null, null);
        }

        // A counted failure changes the lock-out ledger: its events are recorded in the ledger's transaction.
        var newLock = await lockouts.RecordFailureAsync(command.UserId, now,
            Event(command, SecurityEventType.VerificationRejected, now, method, ReasonOf(SecondFactorFailure.InvalidCode)),
            until => Event(command, SecurityEventType.LockedOut, now, method, $"until {until:O}"), ct);
        return new SecondFactorVerification(false, null, await RemainingAsync(command.UserId, ct), newLock, SecondFactorFailure.InvalidCode);
    }

    /// <summary>A rejection that changes nothing (locked out, no factor, a replay): its event needs no outbox.</summary>
    private async Task<SecondFactorVerification> RejectAsync(
        Contracts.VerifySecondFactor command, SecondFactorFailure failure, string? method, DateTimeOffset? lockedUntil, DateTimeOffset now, CancellationToken ct)
    {
        await publisher.Publish(Event(command, SecurityEventType.VerificationRejected, now, method, ReasonOf(failure)), ct);
        return new SecondFactorVerification(false, null, await RemainingAsync(command.UserId, ct), lockedUntil, failure);
    }

    private async Task<int> RemainingAsync(string userId, CancellationToken ct) =>
        (await sender.Send(new GetBackupCodeStatus(userId), ct)).Remaining;

    private static SecurityEventOccurred Event(Contracts.VerifySecondFactor command, SecurityEventType type, DateTimeOffset now, string? method, string? reason) =>
        new(type, command.UserId, command.Actor, now, command.RelyingParty, method, reason, command.Purpose);

    public static string ReasonOf(SecondFactorFailure failure) => failure switch
    {
        SecondFactorFailure.InvalidCode => "INVALID_CODE",
        SecondFactorFailure.Replayed => "REPLAYED",
        SecondFactorFailure.LockedOut => "LOCKED_OUT",
        _ => "NO_ACTIVE_FACTOR",
    };
}
