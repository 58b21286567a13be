using FluentValidation;
using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Features.DownloadBackupCodes;
using MfaMonolith.Modules.BackupCodes.Features.FirstSetup;
using MfaMonolith.Modules.BackupCodes.Features.ManageBackupCodes;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.SharedKernel;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Modules.BackupCodes;

/// <summary>The BackupCodes module's one entry: one-time backup codes, the first setup's last steps, PDF and print.</summary>
public static class BackupCodesModule
{
    public static IServiceCollection AddBackupCodesModule(this IServiceCollection services, IConfiguration configuration, DatabaseOptions database)
    {
        services.AddModuleBasics<BackupCodesDbContext, PostgreSqlBackupCodesDbContext, BackupCodesSchemaContributor>(database, BackupCodesDbContext.Module);
        services.AddSecurityEventOutbox<BackupCodesDbContext>();
        services.AddOptions<BackupCodeOptions>()
            .Configure(options => options.HashIterations = configuration.GetValue("Mfa:BackupCodes:HashIterations", options.HashIterations))
            .Validate(o => o.HashIterations >= 1_000, "Mfa:BackupCodes:HashIterations must be at least 1000.")
            .ValidateOnStart();
        services.AddSingleton<BackupCodeHasher>();
        services.AddSingleton<BackupCodeDisplayProtector>();
        return services;
    }

    /// <summary>Maps the module's pages onto a group that already requires a signed-in user.</summary>
    public static IEndpointRouteBuilder MapBackupCodesModule(this IEndpointRouteBuilder pages)
    {
        FirstSetupPages.Map(pages);
        ManageBackupCodesPages.Map(pages);
        DownloadBackupCodesPages.Map(pages);
        return pages;
    }
}
