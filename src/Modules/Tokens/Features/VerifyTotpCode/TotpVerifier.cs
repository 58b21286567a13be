using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Modules.Tokens.Features.VerifyTotpCode;

/// <summary>The verification core: used by the public <see cref="Contracts.VerifyTotpCode"/> command and by step-up.</summary>
internal sealed class TotpVerifier(TokensDbContext db, TotpSecretProtector protector, IOptions<TotpOptions> options, TimeProvider clock)
{
    public async Task<TotpVerification> VerifyAsync(string userId, string typedCode, CancellationToken ct)
    {
        var tokens = await db.Tokens.AsNoTracking()
            .Where(t => t.UserId == userId && t.State == TokenState.Active)
            .Select(t => new { t.Id, t.ProtectedSecret, t.PeriodSeconds, t.Digits })
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
            var step = TotpAlgorithm.MatchingStep(secret, code, now, token.PeriodSeconds, token.Digits, options.Value.WindowSteps);
            if (step is null)
                continue;
            if (await db.Tokens.TryAcceptStepAsync(token.Id, step.Value, now, ct))
                return new TotpVerification(TotpVerificationOutcome.Accepted, token.Id);
            replayedToken = token.Id;
        }

        return replayedToken is null
            ? new TotpVerification(TotpVerificationOutcome.InvalidCode, null)
            : new TotpVerification(TotpVerificationOutcome.Replayed, replayedToken);
    }
}
