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
/// an event published directly takes them from the request being served.
/// </summary>
internal sealed class RecordSecurityEvent(AuditDbContext db, IHttpContextAccessor http) : INotificationHandler<SecurityEventOccurred>
{
    public async ValueTask Handle(SecurityEventOccurred notification, CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        var fromOutbox = notification.EventId is not null;
        var record = new AuditRecord
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
        db.Records.Add(record);
        try
        {
            // Not the caller's token: a client that went away must not cost the record.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException) when (fromOutbox)
        {
            // A redelivery (after a crash, or by a second instance) finds the first delivery's record: nothing to do.
            if (!await IsRecordedAsync(notification.EventId!.Value))
                throw;
        }
        finally
        {
            db.Entry(record).State = EntityState.Detached;
        }
    }

    private async Task<bool> IsRecordedAsync(Guid eventId) =>
        await db.Records.AsNoTracking().AnyAsync(r => r.EventId == eventId, CancellationToken.None);

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
