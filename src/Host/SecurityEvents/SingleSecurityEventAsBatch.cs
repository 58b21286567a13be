using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Host.SecurityEvents;

/// <summary>
/// The only handler of <see cref="SecurityEventOccurred"/> (a test holds every assembly to it): hands an event
/// published on its own on as a batch of one, so every handler of security events is written once, for
/// <see cref="SecurityEventsOccurred"/>, and sees every event whichever way it came.
/// </summary>
internal sealed class SingleSecurityEventAsBatch(IPublisher publisher) : INotificationHandler<SecurityEventOccurred>
{
    public ValueTask Handle(SecurityEventOccurred notification, CancellationToken cancellationToken) =>
        publisher.Publish(new SecurityEventsOccurred([notification]), cancellationToken);
}
