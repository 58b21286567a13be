using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.ImportTotpTokens;

internal sealed class ImportTotpTokensHandler(TokensDbContext db, TotpSecretProtector protector, SecurityEventOutbox outbox, TimeProvider clock)
    : ICommandHandler<Contracts.ImportTotpTokens, IReadOnlyList<TotpImportOutcome>>
{
    public async ValueTask<IReadOnlyList<TotpImportOutcome>> Handle(Contracts.ImportTotpTokens command, CancellationToken cancellationToken)
    {
        if (command.Tokens.FirstOrDefault(t => ImportableTotp.Refusal(t) is not null) is { } refused)
            throw new AppException(ErrorCodes.ValidationFailed, $"Token {refused}: {ImportableTotp.Refusal(refused)}.");

        var serials = command.Tokens.Select(t => t.Serial).Distinct(StringComparer.Ordinal).ToList();
        var present = (await db.Tokens.AsNoTracking()
                .Where(t => t.ImportSerial != null && serials.Contains(t.ImportSerial))
                .Select(t => new { t.UserId, t.ImportSerial })
                .ToListAsync(cancellationToken))
            .Select(t => (t.UserId, t.ImportSerial!))
            .ToHashSet();

        var now = clock.GetUtcNow();
        var outcomes = new List<TotpImportOutcome>(command.Tokens.Count);
        foreach (var token in command.Tokens)
        {
            // A second line with the same key in one batch is the same token again.
            if (!present.Add((token.UserId, token.Serial)))
            {
                outcomes.Add(TotpImportOutcome.Unchanged);
                continue;
            }

            outcomes.Add(TotpImportOutcome.Imported);
            if (command.DryRun)
                continue;
            var imported = TotpToken.Imported(token.UserId, token.Serial, token.Description, protector.Protect(token.Secret),
                token.Digits, token.PeriodSeconds, Enum.Parse<TotpHash>(token.Algorithm, ignoreCase: true), now);
            db.Tokens.Add(imported);
            // No FirstTokenActivated with it: an imported token must not switch MFA on for all services.
            outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.EnrolmentConfirmed, token.UserId, command.Actor, now, Method: "TOTP",
                Reason: "IMPORTED", Detail: imported.Id.ToString()));
        }

        if (!command.DryRun)
        {
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return outcomes;
    }
}
