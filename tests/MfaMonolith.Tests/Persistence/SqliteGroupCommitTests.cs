using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Persistence;

/// <summary>SQLite only (outside the PostgreSQL pass). ADR 0017: commits share their fsync, but nobody is answered before an fsync that began after their commit.</summary>
public sealed class SqliteGroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_caller_is_answered_only_after_an_fsync_that_started_after_it_asked()
    {
        var started = 0;
        var firstRunning = new ManualResetEventSlim();
        var releaseFirst = new ManualResetEventSlim();
        var flusher = new WalFlusher("unused", _ =>
        {
            if (Interlocked.Increment(ref started) == 1)
            {
                firstRunning.Set();
                releaseFirst.Wait(Patience);
            }
        });

        var first = flusher.FlushAsync();
        firstRunning.Wait(Patience).ShouldBeTrue();
        // These commits landed while the first fsync ran, so that fsync may not cover them.
        var during = Enumerable.Range(0, 20).Select(_ => flusher.FlushAsync()).ToArray();

        await Task.Delay(50);
        during.ShouldAllBe(t => !t.IsCompleted, "they must wait for the next fsync");
        releaseFirst.Set();
        await first.WaitAsync(Patience);
        await Task.WhenAll(during).WaitAsync(Patience);

        started.ShouldBe(2, "the twenty waiting commits share one fsync");
        flusher.Fsyncs.ShouldBe(2);
    }

    [Fact]
    public async Task A_failed_fsync_fails_its_callers_and_the_next_one_is_tried_again()
    {
        var calls = 0;
        var flusher = new WalFlusher("unused", _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
                throw new IOException("disk full");
        });

        await Should.ThrowAsync<IOException>(() => flusher.FlushAsync().WaitAsync(Patience));
        await flusher.FlushAsync().WaitAsync(Patience);
        calls.ShouldBe(2);
    }

    [Fact]
    public async Task Every_module_connection_runs_synchronous_NORMAL_and_each_write_awaits_an_fsync_of_its_WAL()
    {
        using var app = new MfaAppFactory();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TokensDbContext>();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous;";
            Convert.ToInt32(await pragma.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1, "NORMAL; the fsync is ours");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var before = SqliteGroupCommit.FsyncCount(connection.DataSource);
        var alice = await BrowserSession.SignInAsync(app);
        await alice.EnrolTokenAsync();
        SqliteGroupCommit.FsyncCount(connection.DataSource).ShouldBeGreaterThan(before, "enrolment wrote to tokens.db");
    }
}
