using MfaMonolith.SharedKernel.Persistence;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Host.Platform;

internal static class GracefulShutdownSetup
{
    public const string TimeoutKey = "Mfa:ShutdownTimeout";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddGracefulShutdown(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = configuration.GetValue(TimeoutKey, DefaultTimeout);
        services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout);
        services.AddHostedService<GracefulShutdown>();
        return services;
    }
}

/// <summary>
/// On SIGTERM (or any stop), the server first lets in-flight requests finish, for at most <c>Mfa:ShutdownTimeout</c>;
/// only then is every module's SQLite database checkpointed and closed, so that each <c>.db</c> file is complete on
/// its own (no <c>-wal</c> beside it) when the process ends — ready to be copied or backed up.
/// </summary>
internal sealed class GracefulShutdown(IEnumerable<IModuleMigrator> databases, IServiceProvider services, IOptions<HostOptions> host, ILogger<GracefulShutdown> logger)
    : IHostedLifecycleService
{
    private readonly Lock gate = new();
    private int draining;
    private Task? closing;

    // Stop may be asked twice (the host's RunAsync and whoever stopped it, as in tests): drain, close and log once.
    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref draining, 1) == 0)
            logger.LogInformation("Draining: finishing in-flight requests for at most {ShutdownTimeout}", host.Value.ShutdownTimeout);
        return Task.CompletedTask;
    }

    // The host calls this after every hosted service has stopped, the web server (which waits for its requests) included.
    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        lock (gate)
            return closing ??= CloseDatabasesAsync();
    }

    private async Task CloseDatabasesAsync()
    {
        foreach (var database in databases)
        {
            try
            {
                // Not the host's token: it is already cancelled when the drain used up the timeout, and a database
                // left unclosed then is exactly what this is here to prevent. A checkpoint takes milliseconds.
                await database.CloseAsync(services, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Database of module {Module} could not be checkpointed at shutdown", database.Module);
            }
        }

        logger.LogInformation("Databases checkpointed and closed");
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
