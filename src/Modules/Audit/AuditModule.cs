using FluentValidation;
using GraphQL.Types;
using MfaMonolith.Modules.Audit.Features.QueryAuditEvents;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.SharedKernel;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Modules.Audit;

/// <summary>The Audit module's one entry: records every security event and lets admins query them.</summary>
public static class AuditModule
{
    public static IServiceCollection AddAuditModule(this IServiceCollection services, DatabaseOptions database)
    {
        return services.AddModuleBasics<AuditDbContext, PostgreSqlAuditDbContext, AuditSchemaContributor>(database, AuditDbContext.Module);
    }
}

internal sealed class AuditSchemaContributor : ISchemaContributor
{
    public void AddQueryFields(ObjectGraphType query) => AuditEventConnectionType.AddQueryField(query);

    public void AddMutationFields(ObjectGraphType mutation)
    {
    }
}
