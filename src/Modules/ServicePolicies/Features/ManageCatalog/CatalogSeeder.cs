using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace MfaMonolith.Modules.ServicePolicies.Features.ManageCatalog;

/// <summary>
/// Migrates the module's database, then fills an empty catalogue from <c>Mfa:ServiceCatalog:Categories</c>.
/// After that the catalogue is the admins' to manage through GraphQL; configuration does not overwrite it. The seeding
/// runs under the migration lock: two instances starting together on an empty database must not both fill it.
/// </summary>
internal sealed class ServicePoliciesMigrator(IConfiguration configuration) : IModuleMigrator
{
    private readonly ModuleMigrator<ServicePoliciesDbContext> migrator =
        new(ServicePoliciesDbContext.Module, (db, ct) => SeedCatalogAsync(db, configuration, ct));

    public string Module => migrator.Module;

    public Task<bool> IsReadyAsync(IServiceProvider services, CancellationToken cancellationToken) => migrator.IsReadyAsync(services, cancellationToken);

    public Task CloseAsync(IServiceProvider services, CancellationToken cancellationToken) => migrator.CloseAsync(services, cancellationToken);

    public Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken) => migrator.MigrateAsync(services, cancellationToken);

    private static async Task SeedCatalogAsync(ServicePoliciesDbContext db, IConfiguration configuration, CancellationToken cancellationToken)
    {
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
