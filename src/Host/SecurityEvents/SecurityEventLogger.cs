using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Host.SecurityEvents;

/// <summary>
/// Writes every security event to the structured log. The events carry no codes or secrets by construction,
/// so neither can the log. (The audit log proper records the same notifications.)
/// </summary>
internal sealed class SecurityEventLogger(ILogger<SecurityEventLogger> logger) : INotificationHandler<SecurityEventOccurred>
{
    public ValueTask Handle(SecurityEventOccurred notification, CancellationToken cancellationToken)
    {
        logger.LogInformation(
            "Security event {EventType} for {UserId} by {Actor} (relying party {RelyingParty}, method {Method}, reason {Reason}, detail {Detail})",
            notification.Type, notification.UserId, notification.Actor, notification.RelyingParty, notification.Method, notification.Reason, notification.Detail);
        return ValueTask.CompletedTask;
    }
}
