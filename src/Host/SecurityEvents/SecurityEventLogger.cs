using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Host.SecurityEvents;

/// <summary>
/// Writes every security event to the structured log, one line per event, however many were delivered together.
/// The events carry no codes or secrets by construction, so neither can the log. (The audit log proper records the
/// same notifications.)
/// </summary>
internal sealed class SecurityEventLogger(ILogger<SecurityEventLogger> logger) : INotificationHandler<SecurityEventsOccurred>
{
    public ValueTask Handle(SecurityEventsOccurred notification, CancellationToken cancellationToken)
    {
        foreach (var evt in notification.Events)
        {
            logger.LogInformation(
                "Security event {EventType} for {UserId} by {Actor} (relying party {RelyingParty}, method {Method}, reason {Reason}, detail {Detail})",
                evt.Type, evt.UserId, evt.Actor, evt.RelyingParty, evt.Method, evt.Reason, evt.Detail);
        }

        return ValueTask.CompletedTask;
    }
}
