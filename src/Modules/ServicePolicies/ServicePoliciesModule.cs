using FluentValidation;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Modules.ServicePolicies.Features.ManageCatalog;
using MfaMonolith.Modules.ServicePolicies.Features.ServiceSettings;
using MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.SharedKernel;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Modules.ServicePolicies;

/// <summary>
/// The ServicePolicies module's one entry: the service catalogue, users' MFA settings, and what the ProxyIdP asks —
/// the policy (<c>mfaRequirement</c>) and the one verification path with its lock-out (<c>verifySecondFactor</c>).
/// </summary>
public static class ServicePoliciesModule
{
    public static IServiceCollection AddServicePoliciesModule(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.AddModuleBasics<ServicePoliciesDbContext, PostgreSqlServicePoliciesDbContext, ServicePoliciesSchemaContributor>(database, ServicePoliciesDbContext.Module, new ServicePoliciesMigrator(configuration));
        services.AddSecurityEventOutbox<ServicePoliciesDbContext>();
        services.AddSingleton<CatalogCache>();
        services.AddScoped<LockoutLedger>();
        return services;
    }

    /// <summary>Maps the module's pages onto a group that already requires a signed-in user.</summary>
    public static IEndpointRouteBuilder MapServicePoliciesModule(this IEndpointRouteBuilder pages)
    {
        ServiceSettingsPages.Map(pages);
        return pages;
    }
}
