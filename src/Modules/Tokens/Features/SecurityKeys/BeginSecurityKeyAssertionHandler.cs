using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.SecurityKeys;

internal sealed class BeginSecurityKeyAssertionHandler(TokensDbContext db, WebAuthnRelyingParty relyingParty, TimeProvider clock)
    : ICommandHandler<BeginSecurityKeyAssertion, SecurityKeyChallenge?>
{
    public const int MaxOpenPerUser = 50;

    public async ValueTask<SecurityKeyChallenge?> Handle(BeginSecurityKeyAssertion command, CancellationToken cancellationToken)
    {
        var keys = await db.SecurityKeys.AsNoTracking()
            .Where(k => k.UserId == command.UserId && k.State == TokenState.Active)
            .ToListAsync(cancellationToken);
        if (keys.Count == 0)
            return null;

        var now = clock.GetUtcNow();
        // Each challenge is a row until it expires: a flood from one stolen session or API key stops at this many.
        if (await db.Ceremonies.CountAsync(c => c.UserId == command.UserId && c.UsedAt == null && c.ExpiresAt > now, cancellationToken) >= MaxOpenPerUser)
            throw new AppException(ErrorCodes.Conflict, "Too many security-key challenges are open for this user. Try again in 5 minutes.");

        var options = relyingParty.AssertionOptions(keys).ToJson();
        var ceremony = WebAuthnCeremony.Begin(command.UserId, CeremonyKind.Assertion, command.Channel, options, null, now, command.RelyingParty);
        db.Ceremonies.Add(ceremony);
        await db.SaveChangesAsync(cancellationToken);
        return new SecurityKeyChallenge(ceremony.Id, options, ceremony.ExpiresAt);
    }
}
