using System.Collections.Concurrent;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// Ids of outbox rows delivered in process, per DbContext type, waiting for the sweeper to delete them in one
/// statement: that spares the request path a write. Lost in a crash, which only means a harmless redelivery.
/// </summary>
public sealed class DeliveredSecurityEvents
{
    private readonly ConcurrentDictionary<Type, ConcurrentQueue<Guid>> queues = new();

    public void Add(Type context, Guid id) => queues.GetOrAdd(context, _ => new ConcurrentQueue<Guid>()).Enqueue(id);

    public List<Guid> Take(Type context, int max)
    {
        var ids = new List<Guid>();
        if (queues.TryGetValue(context, out var queue))
        {
            while (ids.Count < max && queue.TryDequeue(out var id))
                ids.Add(id);
        }

        return ids;
    }
}
