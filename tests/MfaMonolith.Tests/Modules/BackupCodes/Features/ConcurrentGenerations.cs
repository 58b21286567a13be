using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.BackupCodes.Features;

/// <summary>
/// Holds every save that adds a backup-code set until <paramref name="parties"/> of them have arrived, so that
/// concurrent generations have all read the old state before any of them writes: the race is then decided by the
/// database in every run, not by the scheduler.
/// </summary>
internal sealed class HoldNewSetsUntilAllArrive(int parties) : SaveChangesInterceptor
{
    private readonly TaskCompletionSource allArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    public void Register(IServiceCollection services)
    {
        services.ConfigureDbContext<BackupCodesDbContext>(options => options.AddInterceptors(this));
        services.ConfigureDbContext<PostgreSqlBackupCodesDbContext>(options => options.AddInterceptors(this));
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.ChangeTracker.Entries<BackupCodeSet>().Any(e => e.State == EntityState.Added) == true)
        {
            if (Interlocked.Increment(ref arrived) >= parties)
                allArrived.TrySetResult();
            // A bounded wait: should fewer arrive (the code under test serialises them), the test fails on its
            // assertions instead of hanging.
            await Task.WhenAny(allArrived.Task, Task.Delay(TimeSpan.FromSeconds(15), cancellationToken));
        }

        return result;
    }
}

internal static class ConcurrentGenerations
{
    /// <summary>Eight generations of one user at once; asserts one winner, CONFLICT for the rest, and one current set.</summary>
    public static async Task EightAtOnceLeaveOneCurrentSetAsync(MfaAppFactory app)
    {
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => alice.GenerateAsync())));

        var errors = string.Join(", ", answers.Select(a => a.FirstErrorCode() ?? "ok"));
        var winners = answers.Where(a => a.FirstErrorCode() is null).ToList();
        winners.Count.ShouldBe(1, errors);
        answers.Count(a => a.FirstErrorCode() == "CONFLICT").ShouldBe(7, errors);
        var winner = winners[0].GetProperty("data").GetProperty("generateBackupCodes").GetProperty("setId").GetString();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackupCodesDbContext>();
        (await db.Sets.Where(s => s.UserId == "alice" && s.RetiredAt == null).Select(s => s.Id).ToListAsync())
            .ShouldBe([Guid.Parse(winner!)]);
        (await alice.MineAsync()).GetProperty("setId").GetString().ShouldBe(winner);
    }
}
