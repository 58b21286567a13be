using Mediator;

namespace MfaMonolith.SharedKernel.SecurityEvents;

/// <summary>
/// Security events delivered together, in the order they happened: what one outbox delivery (a committed batch, or a
/// sweeper's round) hands over, so that the Audit module records them with one save (ADR 0013, "Update"). It is the
/// one notification that handlers of security events implement; a single <see cref="SecurityEventOccurred"/>
/// published directly reaches them as a batch of one (<see cref="SingleSecurityEventAsBatch"/>).
/// </summary>
public sealed record SecurityEventsOccurred(IReadOnlyList<SecurityEventOccurred> Events) : INotification;

/// <summary>
/// The only handler of <see cref="SecurityEventOccurred"/>: hands a directly published event on as a batch of one, so
/// every handler of security events is written once, for batches, and sees every event whichever way it came.
/// </summary>
public sealed class SingleSecurityEventAsBatch(IPublisher publisher) : INotificationHandler<SecurityEventOccurred>
{
    public ValueTask Handle(SecurityEventOccurred notification, CancellationToken cancellationToken) =>
        publisher.Publish(new SecurityEventsOccurred([notification]), cancellationToken);
}
