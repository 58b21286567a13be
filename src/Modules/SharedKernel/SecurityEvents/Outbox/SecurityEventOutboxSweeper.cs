using MfaMonolith.SharedKernel.Telemetry;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// Keeps one DbContext's outbox empty. Every second it deletes, in one statement, the rows delivered in process, and
/// redelivers rows staged more than <see cref="RedeliverAfter"/> ago that are still there (their instance crashed, or
/// the Audit module was not reachable). At start it redelivers whatever was staged before. Several instances on one database may
/// redeliver the same row: the recorder keeps one record per event id, so that is harmless.
/// </summary>
public sealed class SecurityEventOutboxSweeper<TContext>(
    IServiceScopeFactory scopes, DeliveredSecurityEvents delivered, TimeProvider clock, MfaMetrics metrics, ILogger<SecurityEventOutboxSweeper<TContext>> logger)
    : BackgroundService, ISecurityEventOutboxSweeper
    where TContext : DbContext
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RedeliverAfter = TimeSpan.FromSeconds(10);
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The real clock paces the loop; the injected one (a fake in tests) dates the rows. At start, whatever was staged
        // before is left over (a crash, a stop before delivery); later, only rows too old to be still on their way.
        using var timer = new PeriodicTimer(Interval);
        DateTimeOffset? startedAt = clock.GetUtcNow();
        do
        {
            try
            {
                await DeleteDeliveredAsync(stoppingToken);
                await RedeliverAsync(startedAt ?? clock.GetUtcNow() - RedeliverAfter, stoppingToken);
                startedAt = null;
                await ObserveBacklogAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A database hiccup must not stop the sweeping; the next round tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogWarning(exception, "Sweeping the security-event outbox of {Context} failed; trying again.", typeof(TContext).Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>Deletes the rows delivered in process so far.</summary>
    public async Task DeleteDeliveredAsync(CancellationToken ct)
    {
        var ids = delivered.Take(typeof(TContext), BatchSize);
        while (ids.Count > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            await db.Set<PendingSecurityEvent>().Where(p => ids.Contains(p.Id)).ExecuteDeleteAsync(ct);
            ids = delivered.Take(typeof(TContext), BatchSize);
        }
    }

    /// <summary>Delivers, oldest first, the rows staged before <paramref name="stagedBefore"/>, and deletes them once recorded.</summary>
    public async Task RedeliverAsync(DateTimeOffset stagedBefore, CancellationToken ct)
    {
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var rows = await db.Set<PendingSecurityEvent>().AsNoTracking()
                .Where(p => p.StagedAt < stagedBefore).OrderBy(p => p.StagedAt).ThenBy(p => p.Id).Take(BatchSize).ToListAsync(ct);
            if (rows.Count == 0)
                return;
            var publisher = scope.ServiceProvider.GetRequiredService<IPublisher>();
            var recorded = (await SecurityEventOutbox.DeliverRowsAsync(publisher, scope.ServiceProvider, rows, logger, ct)).Select(r => r.Id).ToList();

            logger.LogInformation("Redelivered {Count} security event(s) left in the outbox of {Context}.", recorded.Count, typeof(TContext).Name);
            await db.Set<PendingSecurityEvent>().Where(p => recorded.Contains(p.Id)).ExecuteDeleteAsync(ct);
            // A row whose consequence failed stays and is tried again in the next round, not in this one.
            if (rows.Count < BatchSize || recorded.Count < rows.Count)
                return;
        }
    }

    /// <summary>What is left after a round is the backlog an operator watches: it grows when delivery fails.</summary>
    private async Task ObserveBacklogAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var pending = scope.ServiceProvider.GetRequiredService<TContext>().Set<PendingSecurityEvent>().AsNoTracking();
        var backlog = await pending.CountAsync(ct);
        var oldest = backlog == 0 ? (DateTimeOffset?)null : await pending.MinAsync(p => (DateTimeOffset?)p.StagedAt, ct);
        metrics.OutboxObserved(Module, backlog, oldest is { } staged ? clock.GetUtcNow() - staged : TimeSpan.Zero);
    }

    private static string Module => typeof(TContext).Name.Replace("DbContext", "", StringComparison.Ordinal);

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

/// <summary>
/// Every outbox's sweeper, for a process that does not run them as hosted services: an admin command (ADR 0016) deletes
/// what it delivered before it exits, so the next start does not redeliver it all.
/// </summary>
public interface ISecurityEventOutboxSweeper
{
    /// <summary>Deletes the rows delivered in process so far.</summary>
    Task DeleteDeliveredAsync(CancellationToken ct);
}
