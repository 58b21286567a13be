using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// Which scope's <see cref="SecurityEventOutbox"/> a context stages into. The context's options are shared by every
/// scope, so the scope is told to the context when the scope creates it: the module's DbContext registration is
/// wrapped to bind the new context to the outbox of the scope that asked for it.
/// </summary>
public static class SecurityEventOutboxBinding
{
    private static readonly ConditionalWeakTable<DbContext, SecurityEventOutbox> Outboxes = [];

    public static SecurityEventOutbox? Of(DbContext context) => Outboxes.TryGetValue(context, out var outbox) ? outbox : null;

    internal static IServiceCollection BindSecurityEventOutboxOnCreation<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        var registration = services.Last(d => d.ServiceType == typeof(TContext));
        var implementation = registration.ImplementationType
            ?? throw new InvalidOperationException($"{typeof(TContext).Name} must be registered by its type to bind its outbox.");
        var create = ActivatorUtilities.CreateFactory(implementation, Type.EmptyTypes);
        services.Remove(registration);
        services.Add(new ServiceDescriptor(typeof(TContext), scope =>
        {
            var context = (TContext)create(scope, null);
            if (scope.GetService<SecurityEventOutbox>() is { } outbox)
                Outboxes.AddOrUpdate(context, outbox);
            return context;
        }, registration.Lifetime));
        return services;
    }
}
