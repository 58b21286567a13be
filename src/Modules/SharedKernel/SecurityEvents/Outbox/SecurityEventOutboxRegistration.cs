using MfaMonolith.SharedKernel.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

public static class SecurityEventOutboxRegistration
{
    /// <summary>
    /// The outbox for <typeparamref name="TContext"/>: staging, in-process delivery after each commit (the interceptor
    /// <c>AddModuleDbContext</c> gives the context) and its sweeper. The context's model
    /// must have the outbox table (<see cref="SecurityEventOutboxModel.HasSecurityEventOutbox"/>).
    /// </summary>
    public static IServiceCollection AddSecurityEventOutbox<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.TryAddSingleton<DeliveredSecurityEvents>();
        services.TryAddSingleton<MfaMetrics>();
        services.TryAddScoped<SecurityEventOutbox>();
        services.TryAddSingleton<SecurityEventOutboxInterceptor<TContext>>();
        services.AddHostedService<SecurityEventOutboxSweeper<TContext>>();
        return services;
    }
}
