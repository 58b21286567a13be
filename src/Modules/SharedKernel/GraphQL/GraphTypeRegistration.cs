using System.Reflection;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MfaMonolith.SharedKernel.GraphQL;

public static class GraphTypeRegistration
{
    /// <summary>Registers every graph type a module assembly declares, so none is listed by hand.</summary>
    public static IServiceCollection AddGraphTypesFrom(this IServiceCollection services, Assembly moduleAssembly)
    {
        foreach (var type in moduleAssembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IGraphType).IsAssignableFrom(t)))
            services.TryAddTransient(type);
        return services;
    }
}
