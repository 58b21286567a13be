using System.Diagnostics;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// A module's way to record a security event together with the change it records: <see cref="Stage{TContext}"/>
/// adds the event to the module's own DbContext before it saves (one transaction), <see cref="DeliverAsync"/> hands
/// what was committed to the Audit module at once (it takes no cancellation token: the change is done, its record must follow), in the same request. A crash in between leaves the event in the
/// module's outbox table, and <see cref="SecurityEventOutboxSweeper{TContext}"/> delivers it later. One per scope.
/// </summary>
public sealed class SecurityEventOutbox(
    IPublisher publisher, DeliveredSecurityEvents delivered, IHttpContextAccessor http, TimeProvider clock, ILogger<SecurityEventOutbox> logger,
    IServiceProvider services)
{
    private readonly List<(Type Context, DbContext Db, PendingSecurityEvent Row)> staged = [];

    /// <summary>
    /// Adds the event to <paramref name="db"/>; it is written by the caller's next SaveChanges, in the caller's
    /// transaction. The request's client IP and correlation id are captured now: delivery may happen without a request.
    /// </summary>
    /// <param name="consequence">What the change means for another module, delivered with the event (ADR 0013).</param>
    public void Stage<TContext>(TContext db, SecurityEventOccurred evt, IConsequence? consequence = null)
        where TContext : DbContext
    {
        var context = http.HttpContext;
        var row = PendingSecurityEvent.From(evt, context?.Connection.RemoteIpAddress?.ToString(),
            Activity.Current?.TraceId.ToString() ?? context?.TraceIdentifier, clock.GetUtcNow());
        if (consequence is not null)
            (row.Consequence, row.ConsequencePayload) = services.GetRequiredService<ConsequenceTypes>().Serialize(consequence);
        db.Set<PendingSecurityEvent>().Add(row);
        staged.Add((typeof(TContext), db, row));
    }

    /// <summary>
    /// Delivers, in the order staged, every staged event that has been saved; call it once the transaction committed.
    /// A failed delivery is only logged: the row stays, and the sweeper delivers it later.
    /// </summary>
    public async Task DeliverAsync()
    {
        if (staged.Count == 0)
            return;
        var batch = staged.ToList();
        staged.Clear();
        if (services.GetService<IOutboxDeliveryInterruption>()?.InterruptAfterCommit() == true)
            return;
        foreach (var (context, db, row) in batch)
        {
            // Not saved (the change failed): nothing happened, so nothing to record.
            if (db.Entry(row).State != EntityState.Unchanged || db.Database.CurrentTransaction is not null)
                continue;
            try
            {
                // Not the caller's token: a client that went away must not cost the record or the consequence.
                await DeliverRowAsync(publisher, services, row, CancellationToken.None);
                delivered.Add(context, row.Id);
            }
#pragma warning disable CA1031 // The change is committed; its record follows from the outbox, so the caller must not fail.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                logger.LogWarning(exception, "Security event {EventId} ({Type}) not recorded yet; the outbox delivers it later.", row.Id, row.Type);
            }
        }
    }

    /// <summary>The record first, then the consequence; a failure of either leaves the row for a redelivery of both.</summary>
    public static async Task DeliverRowAsync(IPublisher publisher, IServiceProvider services, PendingSecurityEvent row, CancellationToken ct)
    {
        await publisher.Publish(row.ToEvent(), ct);
        if (row.Consequence is { } name)
            await publisher.Publish((object)services.GetRequiredService<ConsequenceTypes>().Deserialize(name, row.ConsequencePayload ?? "{}"), ct);
    }
}
