using Mediator;

namespace MfaMonolith.SharedKernel.SecurityEvents;

/// <summary>
/// Published through the mediator for every security event, by the code that caused it, so one place can
/// record them all. Never carries a code, a secret or a key: <see cref="Reason"/> is a failure reason or an
/// admin's stated reason, <see cref="Detail"/> a non-secret identifier such as a token id.
/// </summary>
/// <param name="Actor">"user:ID", "admin:ID" or "client:NAME".</param>
public sealed record SecurityEventOccurred(
    SecurityEventType Type,
    string? UserId,
    string Actor,
    DateTimeOffset OccurredAt,
    string? RelyingParty = null,
    string? Method = null,
    string? Reason = null,
    string? Detail = null) : INotification
{
    /// <summary>
    /// Set when the event comes out of a module's outbox (see <c>SecurityEventOutbox</c>): the same event may then be
    /// delivered more than once (a redelivery after a crash), and the recorder keeps one record per id.
    /// Null for an event published directly, which is delivered once, in the request that caused it.
    /// </summary>
    public Guid? EventId { get; init; }

    /// <summary>Captured when an outbox event was staged: its delivery may happen later, outside any request.</summary>
    public string? ClientIp { get; init; }

    /// <inheritdoc cref="ClientIp"/>
    public string? CorrelationId { get; init; }

    public static string UserActor(string userId) => "user:" + userId;
}
