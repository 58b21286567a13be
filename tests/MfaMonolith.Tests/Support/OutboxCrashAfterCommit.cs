using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MfaMonolith.Tests.Support;

/// <summary>
/// Makes the Host behave as if it died between a commit and the delivery that follows it: what the change staged stays
/// in its module's outbox until <see cref="RedeliverAsync"/> runs the sweepers, as any instance's would.
/// </summary>
public sealed class OutboxCrashAfterCommit : IOutboxDeliveryInterruption
{
    public bool On { get; set; }

    public bool InterruptAfterCommit() => On;

    /// <summary>Runs every outbox sweeper of <paramref name="app"/> over everything staged until now.</summary>
    public static async Task RedeliverAsync(MfaAppFactory app)
    {
        var stagedBefore = app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1);
        foreach (var service in app.Services.GetServices<IHostedService>())
        {
            var type = service.GetType();
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(SecurityEventOutboxSweeper<>))
                await (Task)type.GetMethod(nameof(SecurityEventOutboxSweeper<Microsoft.EntityFrameworkCore.DbContext>.RedeliverAsync))!
                    .Invoke(service, [stagedBefore, CancellationToken.None])!;
        }
    }
}
