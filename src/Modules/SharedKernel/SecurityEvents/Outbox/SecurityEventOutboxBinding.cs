using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// Which scope's <see cref="SecurityEventOutbox"/> a context stages into. The context's options are shared by every
/// scope (and the context itself comes from a pool), so the scope is told to the context when the scope takes it.
/// </summary>
public static class SecurityEventOutboxBinding
{
    private static readonly ConditionalWeakTable<DbContext, SecurityEventOutbox> Outboxes = [];

    public static SecurityEventOutbox? Of(DbContext context) => Outboxes.TryGetValue(context, out var outbox) ? outbox : null;

    /// <summary>
    /// Binds a context, new or taken from the pool, to the outbox of the scope it is handed to: a pooled context
    /// served another scope before, and must never stage into that scope's outbox.
    /// </summary>
    internal static TContext BoundToTheOutboxOf<TContext>(this TContext context, IServiceProvider scope)
        where TContext : DbContext
    {
        if (scope.GetService<SecurityEventOutbox>() is { } outbox)
            Outboxes.AddOrUpdate(context, outbox);
        else
            Outboxes.Remove(context);
        return context;
    }
}
