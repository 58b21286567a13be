using Mediator;

namespace MfaMonolith.SharedKernel.SecurityEvents;

/// <summary>
/// Security events delivered together, in the order they happened: what one outbox delivery (a committed batch, or a
/// sweeper's round) hands over, so that the Audit module records them with one save (ADR 0013, "Update"). It is the
/// one notification that handlers of security events implement; a <see cref="SecurityEventOccurred"/> published on
/// its own reaches them as a batch of one (the Host's <c>SingleSecurityEventAsBatch</c>).
/// </summary>
public sealed record SecurityEventsOccurred(IReadOnlyList<SecurityEventOccurred> Events) : INotification;
