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
    public static string UserActor(string userId) => "user:" + userId;
}
