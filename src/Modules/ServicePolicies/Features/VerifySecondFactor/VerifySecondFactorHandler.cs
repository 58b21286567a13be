using Mediator;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.Telemetry;

namespace MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;

internal sealed class VerifySecondFactorHandler(LockoutLedger lockouts, ISender sender, IPublisher publisher, TimeProvider clock, MfaMetrics metrics)
    : ICommandHandler<Contracts.VerifySecondFactor, SecondFactorVerification>
{
    private const int MinTotpDigits = 6;
    private const int MaxTotpDigits = 8;
    private const string SecurityKeyMethod = "WEBAUTHN";

    public async ValueTask<SecondFactorVerification> Handle(Contracts.VerifySecondFactor command, CancellationToken ct)
    {
        var verification = await DecideAsync(command, ct) with { BySecurityKey = command.SecurityKey is not null };
        metrics.Verification(verification.Method ?? MethodOf(command), verification.Failure is { } failure ? ReasonOf(failure) : null);
        return verification;
    }

    private async Task<SecondFactorVerification> DecideAsync(Contracts.VerifySecondFactor command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Decided before an attempt is counted: without a factor there is nothing to guess.
        if (!(await sender.Send(new GetTokenStatus(command.UserId), ct)).HasActiveToken)
            return await RejectAsync(command, SecondFactorFailure.NoActiveFactor, null, null, now, ct);

        // Counted before the code is checked, so a burst of guesses is refused once the count reaches the lock-out. An
        // attempt whose check never finishes keeps its count: it fails safe (see LockoutLedger.ReserveAsync).
        var reservation = await lockouts.ReserveAsync(command.UserId, now, ct);
        if (!reservation.IsGranted)
            return await RefuseAsync(command, reservation, now, ct);

        var (method, outcome) = await CheckAsync(command, now, ct);
        // The code was checked: what follows records it, whether or not the caller is still waiting.
        switch (outcome)
        {
            case Outcome.Accepted:
                await lockouts.RecordSuccessAsync(command.UserId, CancellationToken.None);
                return new SecondFactorVerification(true, method, await RemainingAsync(command.UserId, ct), null, null);
            case Outcome.Replayed:
                // A right code used again (double submit, retry) is not a guess: its attempt is given back.
                await lockouts.GiveBackAsync(command.UserId, CancellationToken.None);
                return await RejectAsync(command, SecondFactorFailure.Replayed, method, null, now, ct);
            default:
                // A counted failure changes the lock-out ledger: its events are recorded in the ledger's transaction.
                var failure = outcome == Outcome.ClonedKey ? SecondFactorFailure.ClonedKey : SecondFactorFailure.InvalidCode;
                var newLock = await lockouts.RecordFailureAsync(command.UserId, now,
                    Event(command, SecurityEventType.VerificationRejected, now, method, ReasonOf(failure)),
                    until => Event(command, SecurityEventType.LockedOut, now, method, $"until {until:O}"), CancellationToken.None);
                return new SecondFactorVerification(false, null, await RemainingAsync(command.UserId, ct), newLock, failure);
        }
    }

    private async Task<(string Method, Outcome Outcome)> CheckAsync(Contracts.VerifySecondFactor command, DateTimeOffset now, CancellationToken ct)
    {
        if (command.SecurityKey is { } answer)
            return (SecurityKeyMethod, await CheckSecurityKeyAsync(command, answer, now, ct));

        if (MethodOf(command) == "TOTP")
        {
            var typed = Typed(command.Code);
            // The accepted event is recorded by the module that consumes the code, in the same transaction.
            var totp = await sender.Send(new VerifyTotpCode(command.UserId, typed, Event(command, SecurityEventType.VerificationAccepted, now, "TOTP", null)), ct);
            return ("TOTP", totp.Outcome == TotpVerificationOutcome.Replayed ? Outcome.Replayed : totp.Accepted ? Outcome.Accepted : Outcome.Rejected);
        }

        var spent = (await sender.Send(new SpendBackupCode(command.UserId, command.Code ?? "", command.RelyingParty,
            Event(command, SecurityEventType.VerificationAccepted, now, "BACKUP_CODE", null)), ct)).Spent;
        return ("BACKUP_CODE", spent ? Outcome.Accepted : Outcome.Rejected);
    }

    /// <summary>
    /// A key answers a challenge of the channel it was begun on. A user without a key gets a counted failure, never
    /// NO_ACTIVE_FACTOR: that answer means "no second factor needed", and a key's answer must never be a way around a code.
    /// </summary>
    private async Task<Outcome> CheckSecurityKeyAsync(Contracts.VerifySecondFactor command, SecurityKeyAnswer answer, DateTimeOffset now, CancellationToken ct)
    {
        var channel = answer.ThroughProxyIdp ? SecurityKeyChannel.ProxyIdp : SecurityKeyChannel.Session;
        var key = await sender.Send(new VerifySecurityKeyAssertion(command.UserId, answer.ChallengeId, channel, answer.CredentialJson,
            answer.ThroughProxyIdp ? command.RelyingParty : null, Event(command, SecurityEventType.VerificationAccepted, now, SecurityKeyMethod, null)), ct);
        return key.Outcome switch
        {
            SecurityKeyVerificationOutcome.Accepted => Outcome.Accepted,
            SecurityKeyVerificationOutcome.Replayed => Outcome.Replayed,
            SecurityKeyVerificationOutcome.ClonedKey => Outcome.ClonedKey,
            _ => Outcome.Rejected,
        };
    }

    private static string MethodOf(Contracts.VerifySecondFactor command) => command.SecurityKey is null ? MethodOf(command.Code) : SecurityKeyMethod;

    /// <summary>TOTP codes have 6 to 8 digits; a backup code is longer and may, rarely, be all digits (its alphabet has 2–9).</summary>
    private static string MethodOf(string? code) =>
        Typed(code) is { Length: >= MinTotpDigits and <= MaxTotpDigits } typed && typed.All(char.IsAsciiDigit) ? "TOTP" : "BACKUP_CODE";

    private static string Typed(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    /// <summary>
    /// No attempt was counted, so no code is checked. When the attempts that fill the lock-out were lost with their
    /// process, this caller applies the lock they never did, as their failures would have.
    /// </summary>
    private async Task<SecondFactorVerification> RefuseAsync(Contracts.VerifySecondFactor command, Reservation reservation, DateTimeOffset now, CancellationToken ct)
    {
        if (!reservation.AttemptsLost)
            return await RejectAsync(command, SecondFactorFailure.LockedOut, null, reservation.LockedUntil, now, ct);
        var newLock = await lockouts.RecordFailureAsync(command.UserId, now,
            Event(command, SecurityEventType.VerificationRejected, now, null, ReasonOf(SecondFactorFailure.LockedOut)),
            until => Event(command, SecurityEventType.LockedOut, now, null, $"until {until:O}"), ct);
        return new SecondFactorVerification(false, null, await RemainingAsync(command.UserId, ct), newLock, SecondFactorFailure.LockedOut);
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
        SecondFactorFailure.ClonedKey => "CLONED_KEY",
        _ => "NO_ACTIVE_FACTOR",
    };

    private enum Outcome
    {
        Accepted,
        Replayed,
        Rejected,
        ClonedKey,
    }
}
