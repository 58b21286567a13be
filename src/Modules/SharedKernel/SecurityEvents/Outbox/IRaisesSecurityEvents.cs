namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// An entity whose rules record security events: it raises them as it changes, and the save that writes the change
/// stages them in the same transaction (<see cref="SecurityEventOutboxInterceptor{TContext}"/>), so a handler cannot
/// change the entity and forget its record.
/// </summary>
public interface IRaisesSecurityEvents
{
    /// <summary>The events raised since the last call, in the order raised; the entity forgets them.</summary>
    IReadOnlyList<RaisedSecurityEvent> TakeRaised();
}

/// <summary>A security event an entity raised, and what it means for another module, if anything (ADR 0013).</summary>
public sealed record RaisedSecurityEvent(SecurityEventOccurred Event, IConsequence? Consequence = null);

/// <summary>What an entity keeps of the events it raised until its save stages them.</summary>
public sealed class RaisedSecurityEvents
{
    private readonly List<RaisedSecurityEvent> raised = [];

    public void Raise(SecurityEventOccurred evt, IConsequence? consequence = null) => raised.Add(new RaisedSecurityEvent(evt, consequence));

    public IReadOnlyList<RaisedSecurityEvent> Take()
    {
        var taken = raised.ToList();
        raised.Clear();
        return taken;
    }
}
