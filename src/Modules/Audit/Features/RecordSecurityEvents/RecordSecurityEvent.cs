using System.Diagnostics;
using Mediator;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.AspNetCore.Http;

namespace MfaMonolith.Modules.Audit.Features.RecordSecurityEvents;

/// <summary>
/// The one place security events are recorded: every module publishes them through the mediator, so a handler
/// cannot forget to write an audit record. The client IP and correlation id come from the request being served.
/// </summary>
internal sealed class RecordSecurityEvent(AuditDbContext db, IHttpContextAccessor http) : INotificationHandler<SecurityEventOccurred>
{
    public async ValueTask Handle(SecurityEventOccurred notification, CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        db.Records.Add(new AuditRecord
        {
            OccurredAt = notification.OccurredAt,
            Type = notification.Type.ToString(),
            UserId = Clip(notification.UserId, 256),
            Actor = Clip(notification.Actor, 320)!,
            RelyingParty = Clip(notification.RelyingParty, 1024),
            ClientIp = context?.Connection.RemoteIpAddress?.ToString(),
            Method = notification.Method,
            Reason = Clip(notification.Reason, 512),
            Detail = Clip(notification.Detail, 512),
            CorrelationId = Activity.Current?.TraceId.ToString() ?? context?.TraceIdentifier,
        });
        // Not the caller's token: a client that went away must not cost the record.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
