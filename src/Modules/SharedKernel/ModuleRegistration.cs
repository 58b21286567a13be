using FluentValidation;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel;

public static class ModuleRegistration
{
    /// <summary>
    /// What every module registers alike: its DbContext on its own database, its migrations, its validators and graph
    /// types (discovered in its assembly, never listed) and its share of the schema. Pass a migrator to seed after
    /// migrating. A module that stages security events adds <c>AddSecurityEventOutbox</c> beside this.
    /// </summary>
    public static IServiceCollection AddModuleBasics<TContext, TPostgreSqlContext, TSchemaContributor>(
        this IServiceCollection services, DatabaseOptions database, string module, IModuleMigrator? migrator = null)
        where TContext : DbContext
        where TPostgreSqlContext : TContext
        where TSchemaContributor : class, ISchemaContributor
    {
        var assembly = typeof(TContext).Assembly;
        services.AddModuleDbContext<TContext, TPostgreSqlContext>(database, module);
        services.AddSingleton(migrator ?? new ModuleMigrator<TContext>(module));
        // Singletons: a validator holds only its rules, and building them anew for every request cost the login path.
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddGraphTypesFrom(assembly);
        services.AddSingleton<ISchemaContributor, TSchemaContributor>();
        return services;
    }

    /// <summary>
    /// The module's DbContext on the configured provider. Each provider has its own migrations, bound to a context type
    /// of its own: on PostgreSQL the module's code still asks for <typeparamref name="TContext"/> and gets the
    /// PostgreSQL subtype, whose only difference is which migrations it applies.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext, TPostgreSqlContext>(
        this IServiceCollection services, DatabaseOptions database, string module)
        where TContext : DbContext
        where TPostgreSqlContext : TContext
    {
        // Pooled: building a context's services anew for every scope was a third of the login path's time (a profile of
        // mfaRequirement under load, issue 12). Options are built once; the scope's outbox reaches the context by the
        // binding below instead of through the options' services, and a context handed back to the pool is reset.
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddPooledDbContextFactory<TPostgreSqlContext>((provider, options) => Configure(provider, options));
            services.AddScoped<TContext>(scope => scope.GetRequiredService<IDbContextFactory<TPostgreSqlContext>>().CreateDbContext().BoundToTheOutboxOf(scope));
        }
        else
        {
            services.AddPooledDbContextFactory<TContext>((provider, options) => Configure(provider, options));
            services.AddScoped(scope => scope.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext().BoundToTheOutboxOf(scope));
        }

        return services;

        // The outbox's interceptor comes after the provider's own (the SQLite write gate): the gate is released at a
        // commit before the delivery that follows it writes elsewhere.
        void Configure(IServiceProvider provider, DbContextOptionsBuilder options)
        {
            options.UseModuleDatabase(database, module);
            if (provider.GetService<SecurityEventOutboxInterceptor<TContext>>() is { } outbox)
                options.AddInterceptors(outbox);
        }
    }
}
