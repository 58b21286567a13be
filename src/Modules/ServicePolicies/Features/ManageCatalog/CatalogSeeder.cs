using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Modules.ServicePolicies.Features.ManageCatalog;

/// <summary>
/// Migrates the module's database, then fills an empty catalogue from <c>Mfa:ServiceCatalog:Categories</c>.
/// After that the catalogue is the admins' to manage through GraphQL; configuration does not overwrite it.
/// </summary>
internal sealed class ServicePoliciesMigrator(IConfiguration configuration) : IModuleMigrator
{
    private readonly ModuleMigrator<ServicePoliciesDbContext> migrator = new(ServicePoliciesDbContext.Module);

    public string Module => migrator.Module;

    public Task<bool> IsReadyAsync(IServiceProvider services, CancellationToken cancellationToken) => migrator.IsReadyAsync(services, cancellationToken);

    public Task CloseAsync(IServiceProvider services, CancellationToken cancellationToken) => migrator.CloseAsync(services, cancellationToken);

    public async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ServicePoliciesDbContext>();
        if (await db.Categories.AnyAsync(cancellationToken))
            return;
        foreach (var section in configuration.GetSection("Mfa:ServiceCatalog:Categories").GetChildren())
        {
            var id = section["Id"] ?? throw new InvalidOperationException($"{section.Path} has no Id.");
            var category = new ServiceCategory(id, section["Label"] ?? id);
            foreach (var rp in section.GetSection("RelyingParties").GetChildren())
            {
                var rpId = rp["Id"] ?? throw new InvalidOperationException($"{rp.Path} has no Id.");
                category.RelyingParties.Add(new RelyingParty(rpId, rp["Label"] ?? rpId, id));
            }

            db.Categories.Add(category);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
