using FluentValidation;
using GraphQL.Types;
using MfaMonolith.Modules.Audit.Features.MySecurityActivity;
using MfaMonolith.Modules.Audit.Features.QueryAuditEvents;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.SharedKernel;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Modules.Audit;

/// <summary>The Audit module's one entry: records every security event and lets admins query them.</summary>
public static class AuditModule
{
    public static IServiceCollection AddAuditModule(this IServiceCollection services, DatabaseOptions database)
    {
        return services.AddModuleBasics<AuditDbContext, PostgreSqlAuditDbContext, AuditSchemaContributor>(database, AuditDbContext.Module);
    }

    /// <summary>Maps the module's pages onto a group that already requires a signed-in user.</summary>
    public static IEndpointRouteBuilder MapAuditModule(this IEndpointRouteBuilder pages)
    {
        MySecurityActivityPages.Map(pages);
        return pages;
    }
}

internal sealed class AuditSchemaContributor : ISchemaContributor
{
    public void AddQueryFields(ObjectGraphType query)
    {
        AuditEventConnectionType.AddQueryField(query);
        MySecurityActivityField.Add(query);
    }

    public void AddMutationFields(ObjectGraphType mutation)
    {
    }
}
