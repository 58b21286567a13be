namespace MfaMonolith.Modules.Audit.Domain;

/// <summary>
/// One security event as recorded: time, actor, subject user, relying party, client IP, correlation id — never a code,
/// a secret or a key (the events carry none). Records are only ever added.
/// </summary>
internal sealed class AuditRecord
{
    public long Id { get; set; }

    /// <summary>The event's id when it came out of a module's outbox: unique, so a redelivered event is recorded once.</summary>
    public Guid? EventId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string Type { get; set; } = "";
    public string? UserId { get; set; }
    public string Actor { get; set; } = "";
    public string? RelyingParty { get; set; }
    public string? ClientIp { get; set; }
    public string? Method { get; set; }
    public string? Reason { get; set; }
    public string? Detail { get; set; }
    public string? CorrelationId { get; set; }
}
