using MfaMonolith.SharedKernel.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MfaMonolith.Host.Platform;

/// <summary>Ready when every module's database answers and is fully migrated.</summary>
internal sealed class DatabaseReadinessCheck(IEnumerable<IModuleMigrator> databases, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var notReady = new List<string>();
        foreach (var database in databases)
        {
            try
            {
                if (!await database.IsReadyAsync(services, cancellationToken))
                    notReady.Add(database.Module);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notReady.Add(database.Module);
            }
        }

        return notReady.Count == 0
            ? HealthCheckResult.Healthy("All module databases are reachable and migrated.")
            : HealthCheckResult.Unhealthy("Not ready: " + string.Join(", ", notReady));
    }
}
