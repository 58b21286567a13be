using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Modules.Tokens.Features.VerifyTotpCode;

/// <summary>The verification core: used by the public <see cref="Contracts.VerifyTotpCode"/> command and by step-up.</summary>
internal sealed class TotpVerifier(TokensDbContext db, TotpSecretProtector protector, IOptions<TotpOptions> options, SecurityEventOutbox outbox, TimeProvider clock)
{
    /// <param name="whenAccepted">Recorded in the same transaction as the accepted step, and delivered right after it.</param>
    public async Task<TotpVerification> VerifyAsync(string userId, string typedCode, SecurityEventOccurred? whenAccepted, CancellationToken ct)
    {
        var tokens = await db.Tokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.State == TokenState.Active)
            .Select(t => new { t.Id, t.ProtectedSecret, t.PeriodSeconds, t.Digits, t.Hash, t.LastUsedStep })
            .ToListAsync(ct);
        if (tokens.Count == 0)
            return new TotpVerification(TotpVerificationOutcome.NoActiveToken, null);

        var now = clock.GetUtcNow();
        var replayedToken = default(Guid?);
        foreach (var token in tokens)
        {
            var code = TotpAlgorithm.NormalizeCode(typedCode, token.Digits);
            if (code is null)
                continue;
            var secret = protector.Unprotect(token.ProtectedSecret);
            var step = TotpAlgorithm.MatchingStep(secret, code, now, token.PeriodSeconds, token.Digits, options.Value.WindowSteps, token.Hash);
            if (step is null)
                continue;
            // A step at or before the last accepted one is a replay for certain (the last step only ever grows, so the
            // value read can only be older, never newer): answer without a transaction. Otherwise the conditional
            // update decides.
            if (step.Value > token.LastUsedStep && await AcceptStepAsync(token.Id, step.Value, now, whenAccepted, ct))
                return new TotpVerification(TotpVerificationOutcome.Accepted, token.Id);
            replayedToken = token.Id;
        }

        return replayedToken is null
            ? new TotpVerification(TotpVerificationOutcome.InvalidCode, null)
            : new TotpVerification(TotpVerificationOutcome.Replayed, replayedToken);
    }

    /// <summary>The conditional update that makes a replay impossible, and the event it records, in one transaction.</summary>
    private async Task<bool> AcceptStepAsync(Guid tokenId, long step, DateTimeOffset now, SecurityEventOccurred? whenAccepted, CancellationToken ct)
    {
        if (whenAccepted is null)
            return await db.Tokens.TryAcceptStepAsync(tokenId, step, now, ct);

        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (!await db.Tokens.TryAcceptStepAsync(tokenId, step, now, ct))
                return false;
            outbox.Stage(db, whenAccepted);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return true;
    }
}
