using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.SecurityKeys;

internal sealed class VerifySecurityKeyAssertionHandler(TokensDbContext db, WebAuthnRelyingParty relyingParty, SecurityEventOutbox outbox, TimeProvider clock)
    : ICommandHandler<VerifySecurityKeyAssertion, SecurityKeyVerification>
{
    public async ValueTask<SecurityKeyVerification> Handle(VerifySecurityKeyAssertion command, CancellationToken ct)
    {
        var keys = await db.SecurityKeys.AsNoTracking()
            .Where(k => k.UserId == command.UserId && k.State == TokenState.Active)
            .ToListAsync(ct);
        if (keys.Count == 0)
            return Outcome(SecurityKeyVerificationOutcome.NoActiveKey);

        var now = clock.GetUtcNow();
        var ceremony = await db.Ceremonies.AsNoTracking().FirstOrDefaultAsync(
            c => c.Id == command.ChallengeId && c.UserId == command.UserId && c.Kind == CeremonyKind.Assertion && c.Channel == command.Channel, ct);
        // A challenge begun for one service never lets the user into another.
        if (ceremony is null || !string.Equals(ceremony.RelyingParty, command.RelyingParty, StringComparison.Ordinal))
            return Outcome(SecurityKeyVerificationOutcome.Invalid);
        // Used up by the first answer, whatever it turns out to be: a challenge is never checked twice.
        if (ceremony.UsedAt is not null || ceremony.ExpiresAt <= now || !await db.Ceremonies.TryUseAsync(ceremony.Id, now, ct))
            return Outcome(SecurityKeyVerificationOutcome.Replayed);

        var answer = WebAuthnRelyingParty.ReadAssertion(command.CredentialJson);
        var key = answer?.RawId is { } rawId ? keys.FirstOrDefault(k => k.CredentialId.AsSpan().SequenceEqual(rawId)) : null;
        if (answer is null || key is null)
            return Outcome(SecurityKeyVerificationOutcome.Invalid);

        uint signCount;
        try
        {
            signCount = (await relyingParty.Fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = answer,
                OriginalOptions = AssertionOptions.FromJson(ceremony.OptionsJson),
                StoredPublicKey = key.PublicKey,
                StoredSignatureCounter = (uint)key.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (owner, _) =>
                    Task.FromResult(owner.UserHandle.AsSpan().SequenceEqual(key.UserHandle) && owner.CredentialId.AsSpan().SequenceEqual(key.CredentialId)),
            }, ct)).SignCount;
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.InvalidSignCount)
        {
            return Outcome(SecurityKeyVerificationOutcome.ClonedKey, key.Id);
        }
        catch (Fido2VerificationException)
        {
            return Outcome(SecurityKeyVerificationOutcome.Invalid, key.Id);
        }

        return await AcceptAsync(key.Id, signCount, now, command.WhenAccepted, ct)
            ? Outcome(SecurityKeyVerificationOutcome.Accepted, key.Id)
            // Another answer of this key went past this counter meanwhile: the same as a counter that went back.
            : Outcome(SecurityKeyVerificationOutcome.ClonedKey, key.Id);
    }

    private async Task<bool> AcceptAsync(Guid keyId, uint signCount, DateTimeOffset now, SecurityEventOccurred? whenAccepted, CancellationToken ct)
    {
        if (whenAccepted is null)
            return await db.SecurityKeys.TryAcceptSignCountAsync(keyId, signCount, now, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.SecurityKeys.TryAcceptSignCountAsync(keyId, signCount, now, ct))
            return false;
        // The event is the caller's, as for a TOTP code: its detail names what the verification was for.
        outbox.Stage(db, whenAccepted);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static SecurityKeyVerification Outcome(SecurityKeyVerificationOutcome outcome, Guid? keyId = null) => new(outcome, keyId);
}
