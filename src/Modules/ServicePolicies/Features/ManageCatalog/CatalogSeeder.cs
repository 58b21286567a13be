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
            Relabel(section, category.Relabel);
            foreach (var rp in section.GetSection("RelyingParties").GetChildren())
            {
                var rpId = rp["Id"] ?? throw new InvalidOperationException($"{rp.Path} has no Id.");
                var relyingParty = new RelyingParty(rpId, rp["Label"] ?? rpId, id);
                Relabel(rp, relyingParty.Relabel);
                category.RelyingParties.Add(relyingParty);
            }

            db.Categories.Add(category);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary><c>Labels:cs</c>, <c>Labels:en</c>… beside (or instead of) <c>Label</c>, which is the default language's.</summary>
    private static void Relabel(IConfigurationSection entry, Action<IReadOnlyDictionary<string, string>> relabel)
    {
        var labels = entry.GetSection("Labels").GetChildren().Where(l => l.Value is not null).ToDictionary(l => l.Key, l => l.Value!, StringComparer.Ordinal);
        if (labels.Count == 0)
            return;
        if (entry["Label"] is { } label)
            labels.TryAdd(CatalogueLabels.DefaultLanguage, label);
        if (CatalogueLabels.Refusal(labels) is { } refusal)
            throw new InvalidOperationException($"{entry.Path}:Labels: {refusal}.");
        relabel(labels);
    }
}
