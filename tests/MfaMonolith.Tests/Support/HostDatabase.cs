using MfaMonolith.Host.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Support;

public static class HostDatabase
{
    /// <summary>Runs <paramref name="work"/> against the Host's own database (sessions, keys), for asserting state.</summary>
    internal static async Task WithHostDbAsync(this MfaAppFactory app, Func<HostDbContext, Task> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<HostDbContext>());
    }
}
