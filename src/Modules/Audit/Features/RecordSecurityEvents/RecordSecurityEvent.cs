using System.Diagnostics;
using Mediator;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Audit.Features.RecordSecurityEvents;

/// <summary>
/// The one place security events are recorded: every module publishes them through the mediator (most of them out of
/// its outbox, see ADR 0013), so a handler cannot forget to write an audit record. An outbox event carries its id and
/// the client IP and correlation id captured when it was staged, and is recorded once however often it is delivered;
/// an event published directly takes them from the request being served. A batch is one save (one transaction, one
/// fsync); only when it meets a record already there (a redelivery) is it recorded one by one, skipping those.
/// </summary>
internal sealed class RecordSecurityEvent(AuditDbContext db, IHttpContextAccessor http) : INotificationHandler<SecurityEventsOccurred>
{
    public async ValueTask Handle(SecurityEventsOccurred notification, CancellationToken cancellationToken)
    {
        // The same outbox event twice in one delivery is one event.
        var seen = new HashSet<Guid>();
        var events = notification.Events.Where(e => e.EventId is not { } id || seen.Add(id)).ToList();
        if (events.Count == 0)
            return;
        db.Records.AddRange(events.Select(ToRecord));
        try
        {
            // Not the caller's token: a client that went away must not cost the record.
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }
        catch (DbUpdateException) when (seen.Count > 0)
        {
            // Some event of the batch is recorded already: it is a redelivery, after a crash or by a second instance.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        var recorded = await RecordedAsync(seen);
        // Fresh records: the failed save may have left generated values on the first ones.
        foreach (var evt in events.Where(e => e.EventId is not { } id || !recorded.Contains(id)))
            await RecordOneAsync(ToRecord(evt));
    }

    private async Task RecordOneAsync(AuditRecord record)
    {
        db.Records.Add(record);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException) when (record.EventId is { } id)
        {
            // Recorded meanwhile by a concurrent delivery of the same event: nothing to do.
            if (!await db.Records.AsNoTracking().AnyAsync(r => r.EventId == id, CancellationToken.None))
                throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task<HashSet<Guid>> RecordedAsync(HashSet<Guid> eventIds)
    {
        var ids = eventIds.Select(id => (Guid?)id).ToList();
        return (await db.Records.AsNoTracking().Where(r => ids.Contains(r.EventId)).Select(r => r.EventId!.Value).ToListAsync(CancellationToken.None)).ToHashSet();
    }

    private AuditRecord ToRecord(SecurityEventOccurred notification)
    {
        var context = http.HttpContext;
        var fromOutbox = notification.EventId is not null;
        return new AuditRecord
        {
            EventId = notification.EventId,
            OccurredAt = notification.OccurredAt,
            Type = notification.Type.ToString(),
            UserId = Clip(notification.UserId, 256),
            Actor = Clip(notification.Actor, 320)!,
            RelyingParty = Clip(notification.RelyingParty, 1024),
            ClientIp = fromOutbox ? notification.ClientIp : context?.Connection.RemoteIpAddress?.ToString(),
            Method = notification.Method,
            Reason = Clip(notification.Reason, 512),
            Detail = Clip(notification.Detail, 512),
            CorrelationId = fromOutbox ? notification.CorrelationId : Activity.Current?.TraceId.ToString() ?? context?.TraceIdentifier,
        };
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
