using MfaMonolith.Benchmarks.Load;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace MfaMonolith.Benchmarks.Seeding;

/// <summary>
/// The Host's own services, in process, on the benchmark's data directory and database: its start migrates every
/// module, creates the key ring, and its ServicePolicies migrator seeds the catalogue from the configuration given here.
/// </summary>
internal sealed class SeedingHost(BenchTarget target) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(Repository.PathOf("src", "Host"));
        foreach (var (key, value) in target.Settings().Concat(BenchCatalogue.AsConfiguration()))
            builder.UseSetting(key, value);
        // The configuration's levels win over a minimum level set in code: quieten it where it speaks.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        // "The embedded sign-in has no accounts" is true and intended here.
        builder.UseSetting("Logging:LogLevel:MfaMonolith.Host", "Error");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }
}
