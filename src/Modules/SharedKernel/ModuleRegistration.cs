using FluentValidation;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel;

public static class ModuleRegistration
{
    /// <summary>
    /// What every module registers alike: its DbContext on its own database, its migrations, its validators and graph
    /// types (discovered in its assembly, never listed) and its share of the schema. Pass a migrator to seed after migrating.
    /// </summary>
    public static IServiceCollection AddModuleBasics<TContext, TSchemaContributor>(
        this IServiceCollection services, DatabaseOptions database, string module, IModuleMigrator? migrator = null)
        where TContext : DbContext
        where TSchemaContributor : class, ISchemaContributor
    {
        var assembly = typeof(TContext).Assembly;
        services.AddDbContext<TContext>(options => options.UseModuleDatabase(database, module));
        services.AddSingleton(migrator ?? new ModuleMigrator<TContext>(module));
        services.AddValidatorsFromAssembly(assembly, includeInternalTypes: true);
        services.AddGraphTypesFrom(assembly);
        services.AddSingleton<ISchemaContributor, TSchemaContributor>();
        return services;
    }
}
