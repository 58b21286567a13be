using MfaMonolith.SharedKernel.Persistence;

namespace MfaMonolith.Host.Platform;

internal static class DatabaseMigrations
{
    /// <summary>Applies every module's migrations (and the Host's own) before the product serves anything.</summary>
    public static async Task MigrateDatabasesAsync(this WebApplication app)
    {
        foreach (var migrator in app.Services.GetServices<IModuleMigrator>())
        {
            await migrator.MigrateAsync(app.Services, app.Lifetime.ApplicationStopping);
            app.Logger.LogInformation("Database of module {Module} is up to date", migrator.Module);
        }
    }
}
