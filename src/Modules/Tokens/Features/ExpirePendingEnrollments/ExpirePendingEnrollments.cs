using Mediator;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MfaMonolith.Modules.Tokens.Features.ExpirePendingEnrollments;

/// <summary>
/// Marks enrolments nobody finished within 10 minutes as expired, so each one is recorded as ENROLMENT_EXPIRED; and
/// forgets WebAuthn challenges an hour after they expired.
/// </summary>
internal sealed record ExpirePendingEnrollments : ICommand<int>;

internal sealed class ExpirePendingEnrollmentsHandler(TokensDbContext db, SecurityEventOutbox outbox, TimeProvider clock)
    : ICommandHandler<ExpirePendingEnrollments, int>
{
    private const int BatchSize = 500;

    /// <summary>A used or expired WebAuthn challenge is kept this long, so a late second answer is told REPLAYED, not unknown.</summary>
    public static readonly TimeSpan CeremonyRetention = TimeSpan.FromHours(1);

    public async ValueTask<int> Handle(ExpirePendingEnrollments command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var forgetBefore = now - CeremonyRetention;
        await db.Ceremonies.Where(c => c.ExpiresAt <= forgetBefore).ExecuteDeleteAsync(cancellationToken);
        var overdue = await db.Tokens
            .Where(t => t.State == TokenState.Pending && t.PendingUntil <= now)
            .OrderBy(t => t.PendingUntil)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        foreach (var token in overdue)
        {
            token.Expire(now);
            outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.EnrolmentExpired, token.UserId, "system:expiry", now, Detail: token.Id.ToString()));
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance (or the user's own request) changed one of them first and recorded it; nothing of this
            // batch was saved. The next sweep takes whatever is still pending.
            db.ChangeTracker.Clear();
            return 0;
        }

        return overdue.Count;
    }
}

/// <summary>Runs the expiry once a minute on every instance; the work is idempotent, so instances need no coordination.</summary>
internal sealed class PendingEnrollmentExpiryService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PendingEnrollmentExpiryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var expired = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ExpirePendingEnrollments(), stoppingToken);
                if (expired > 0)
                    logger.LogInformation("Expired {Count} unfinished token enrolments", expired);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Expiring unfinished token enrolments failed; retrying in a minute");
            }
        }
    }
}
