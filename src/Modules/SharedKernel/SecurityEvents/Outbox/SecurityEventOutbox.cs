using System.Diagnostics;
using Mediator;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// A module's way to record a security event together with the change it records: <see cref="Stage{TContext}"/>
/// adds the event to the module's own DbContext before it saves (one transaction); once that save (or the explicit
/// transaction around it) has committed, <see cref="SecurityEventOutboxInterceptor{TContext}"/> hands it to the Audit
/// module at once, in the same request, so no handler has to remember to. A crash in between leaves the event in the
/// module's outbox table, and <see cref="SecurityEventOutboxSweeper{TContext}"/> delivers it later. One per scope.
/// </summary>
public sealed class SecurityEventOutbox(
    IPublisher publisher, DeliveredSecurityEvents delivered, IHttpContextAccessor http, TimeProvider clock, ILogger<SecurityEventOutbox> logger,
    IServiceProvider services)
{
    private readonly List<Staged> staged = [];

    /// <summary>
    /// Adds the event to <paramref name="db"/>; it is written by the caller's next SaveChanges, in the caller's
    /// transaction, and delivered once that commits. The request's client IP and correlation id are captured now:
    /// delivery may happen without a request.
    /// </summary>
    /// <param name="consequence">What the change means for another module, delivered with the event (ADR 0013).</param>
    public void Stage<TContext>(TContext db, SecurityEventOccurred evt, IConsequence? consequence = null)
        where TContext : DbContext =>
        Stage(typeof(TContext), db, evt, consequence);

    internal void Stage(Type contextType, DbContext db, SecurityEventOccurred evt, IConsequence? consequence)
    {
        var context = http.HttpContext;
        var row = PendingSecurityEvent.From(evt, context?.Connection.RemoteIpAddress?.ToString(),
            Activity.Current?.TraceId.ToString() ?? context?.TraceIdentifier, clock.GetUtcNow());
        if (consequence is not null)
            (row.Consequence, row.ConsequencePayload) = services.GetRequiredService<ConsequenceTypes>().Serialize(consequence);
        db.Set<PendingSecurityEvent>().Add(row);
        staged.Add(new Staged(contextType, db, row));
    }

    /// <summary>
    /// After a successful SaveChanges of <paramref name="db"/>: outside an explicit transaction what it wrote is
    /// committed and is delivered now; inside one it waits for that transaction's commit.
    /// </summary>
    internal Task SavedAsync(DbContext db)
    {
        var transaction = db.Database.CurrentTransaction?.TransactionId;
        var ready = new List<Staged>();
        foreach (var item in staged.Where(s => s.Db == db).ToList())
        {
            var state = db.Entry(item.Row).State;
            // Written in a transaction that ended without a commit (disposed, never rolled back explicitly): never happened.
            var abandoned = item.Transaction is { } id && id != transaction;
            if (abandoned || state is EntityState.Detached or EntityState.Deleted)
                staged.Remove(item);
            else if (state == EntityState.Unchanged && item.Transaction is null)
            {
                if (transaction is null)
                {
                    staged.Remove(item);
                    ready.Add(item);
                }
                else
                {
                    item.Transaction = transaction;
                }
            }
        }

        return DeliverAsync(ready);
    }

    /// <summary>The explicit transaction <paramref name="transactionId"/> of <paramref name="db"/> committed: what it wrote is delivered.</summary>
    internal Task CommittedAsync(DbContext db, Guid transactionId) => DeliverAsync(Take(db, transactionId));

    /// <summary>The transaction rolled back: what it wrote was never committed, so there is nothing to record.</summary>
    internal void RolledBack(DbContext db, Guid transactionId) => Take(db, transactionId);

    private List<Staged> Take(DbContext db, Guid transactionId)
    {
        var taken = staged.Where(s => s.Db == db && s.Transaction == transactionId).ToList();
        foreach (var item in taken)
            staged.Remove(item);
        return taken;
    }

    /// <summary>
    /// Delivers, in the order staged, events whose change committed: their records in one publish (one save in the
    /// Audit module), then each one's consequence. A failed delivery is only logged: the rows stay, and the sweeper
    /// delivers them later. It takes no cancellation token: the change is done, its record must follow.
    /// </summary>
    private async Task DeliverAsync(List<Staged> batch)
    {
        if (batch.Count == 0)
            return;
        if (services.GetService<IOutboxDeliveryInterruption>()?.InterruptAfterCommit() == true)
            return;
        try
        {
            // Not the caller's token: a client that went away must not cost the record or the consequence.
            var done = (await DeliverRowsAsync(publisher, services, [.. batch.Select(b => b.Row)], logger, CancellationToken.None)).ToHashSet();
            foreach (var item in batch.Where(b => done.Contains(b.Row)))
                delivered.Add(item.Context, item.Row.Id);
        }
#pragma warning disable CA1031 // The change is committed; its record follows from the outbox, so the caller must not fail.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.LogWarning(exception, "{Count} security event(s) (the first {EventId}, {Type}) not recorded yet; the outbox delivers them later.",
                batch.Count, batch[0].Row.Id, batch[0].Row.Type);
        }
    }

    /// <summary>
    /// The records of <paramref name="rows"/> first, in one <see cref="SecurityEventsOccurred"/>, then each row's
    /// consequence. A failed record throws, and every row is left for a redelivery; a failed consequence is logged and
    /// leaves its own row, so both are redelivered. Returns the rows delivered whole, in order.
    /// </summary>
    internal static async Task<List<PendingSecurityEvent>> DeliverRowsAsync(
        IPublisher publisher, IServiceProvider services, IReadOnlyList<PendingSecurityEvent> rows, ILogger logger, CancellationToken ct)
    {
        await publisher.Publish(new SecurityEventsOccurred([.. rows.Select(r => r.ToEvent())]), ct);
        var done = new List<PendingSecurityEvent>(rows.Count);
        foreach (var row in rows)
        {
            if (row.Consequence is { } name)
            {
                try
                {
                    await publisher.Publish((object)services.GetRequiredService<ConsequenceTypes>().Deserialize(name, row.ConsequencePayload ?? "{}"), ct);
                }
#pragma warning disable CA1031 // One consequence that fails must not hold back the others; its row is redelivered.
                catch (Exception exception) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    logger.LogWarning(exception, "Consequence {Consequence} of security event {EventId} not delivered yet; the outbox delivers it later.", name, row.Id);
                    continue;
                }
            }

            done.Add(row);
        }

        return done;
    }

    private sealed class Staged(Type context, DbContext db, PendingSecurityEvent row)
    {
        public Type Context { get; } = context;
        public DbContext Db { get; } = db;
        public PendingSecurityEvent Row { get; } = row;

        /// <summary>The explicit transaction that wrote the row, once it is written in one.</summary>
        public Guid? Transaction { get; set; }
    }
}
