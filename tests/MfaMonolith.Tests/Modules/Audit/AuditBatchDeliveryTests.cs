using Mediator;
using MfaMonolith.Host.Persistence;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using MfaMonolith.Tests.Modules.BackupCodes.Features;
using MfaMonolith.Tests.Support;
using MfaMonolith.Tests.Support.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.Audit;

/// <summary>
/// ADR 0013, "Update": what one commit staged is delivered to the Audit module as one batch and recorded with one save;
/// a redelivered batch still leaves one record per event, a batch that cannot be recorded stays in the outbox with its
/// consequences, and no consequence runs before its record is written.
/// </summary>
public sealed class AuditBatchDeliveryTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Events_staged_in_one_commit_are_recorded_once_each_in_order_with_one_audit_commit()
    {
        await BrowserSession.SignInAsync(app);
        var auditFile = Path.Combine(app.DataDirectory, "audit.db");
        var fsyncsBefore = SqliteGroupCommit.FsyncCount(auditFile);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<SecurityEventOutbox>();
            for (var i = 0; i < 50; i++)
                outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.ApiClientCreated, null, "admin:admin", app.Clock.GetUtcNow(), Detail: $"batch-{i:D2}"));
            await db.SaveChangesAsync();
        }

        var records = (await RecordsAsync(SecurityEventType.ApiClientCreated)).Where(r => r.Detail!.StartsWith("batch-", StringComparison.Ordinal)).ToList();
        records.Count.ShouldBe(50, "delivered right after the commit");
        records.OrderBy(r => r.Id).Select(r => r.Detail).ShouldBe([.. Enumerable.Range(0, 50).Select(i => $"batch-{i:D2}")]);
        records.Select(r => r.EventId).Distinct().Count().ShouldBe(50);
        if (!TestPostgreSql.SuiteRunsOnPostgreSql)
            (SqliteGroupCommit.FsyncCount(auditFile) - fsyncsBefore).ShouldBe(1, "one save for the whole batch, not one per event");
        await EventuallyEmptyAsync<HostDbContext>();
    }

    [Fact]
    public async Task A_redelivered_batch_with_a_duplicate_and_an_already_recorded_event_leaves_one_record_each()
    {
        await BrowserSession.SignInAsync(app);
        var (first, second, third) = (OutboxEvent("first"), OutboxEvent("second"), OutboxEvent("third"));
        await PublishAsync(first);

        await PublishAsync(new SecurityEventsOccurred([first, second, second, third]));
        await PublishAsync(new SecurityEventsOccurred([first, second, third]));
        await Task.WhenAll(PublishAsync(new SecurityEventsOccurred([third, second])), PublishAsync(new SecurityEventsOccurred([second, third])));

        var records = await RecordsAsync(SecurityEventType.ApiClientCreated);
        records.Select(r => r.Detail).ShouldBe(["first", "second", "third"], ignoreOrder: true);
        records.Single(r => r.Detail == "second").EventId.ShouldBe(second.EventId);
    }

    [Fact]
    public async Task Events_published_directly_in_a_batch_are_each_recorded_even_when_alike()
    {
        await BrowserSession.SignInAsync(app);
        var evt = new SecurityEventOccurred(SecurityEventType.SignInFailed, "mallory", "user:mallory", app.Clock.GetUtcNow(), Reason: "BAD_CREDENTIALS");

        await PublishAsync(new SecurityEventsOccurred([evt, evt]));

        (await RecordsAsync(SecurityEventType.SignInFailed)).Count(r => r.UserId == "mallory").ShouldBe(2);
    }

    [Fact]
    public async Task A_batch_the_audit_cannot_record_stays_in_the_outbox_and_its_consequence_waits_for_its_record()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync();
        var (setId, _) = await alice.NewSetAsync();
        (await alice.AcknowledgeAsync(setId)).ShouldHaveNoErrors();

        await MoveAuditTableAsync(away: true);
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TokensDbContext>();
            var token = await db.Tokens.SingleAsync(t => t.Id == Guid.Parse(tokenId));
            // Two events in one commit; the second carries the consequence "no token left: retire the backup codes".
            token.Rename("Old phone", app.Clock.GetUtcNow());
            token.Remove(app.Clock.GetUtcNow(), "user:alice", null);
            await db.SaveChangesAsync();
        }
        finally
        {
            await MoveAuditTableAsync(away: false);
        }

        await Task.Delay(SecurityEventOutboxSweeper<TokensDbContext>.Interval * 2);
        (await OutboxTypesAsync<TokensDbContext>()).ShouldBe([SecurityEventType.TokenRenamed, SecurityEventType.TokenRemoved], ignoreOrder: true,
            "the change committed; its records did not, so both rows stay for the sweeper (the delivered ones are swept meanwhile)");
        (await alice.MineAsync()).GetProperty("remaining").GetInt32().ShouldBe(10, "a consequence is never published before its record is written");
        (await RecordsAsync(SecurityEventType.TokenRemoved)).ShouldBeEmpty();

        await OutboxCrashAfterCommit.RedeliverAsync(app);

        (await RecordsAsync(SecurityEventType.TokenRenamed)).Count.ShouldBe(1);
        (await RecordsAsync(SecurityEventType.TokenRemoved)).Count.ShouldBe(1);
        (await alice.MineAsync()).GetProperty("remaining").GetInt32().ShouldBe(0);
        await EventuallyEmptyAsync<TokensDbContext>();
    }

    private SecurityEventOccurred OutboxEvent(string detail) =>
        new(SecurityEventType.ApiClientCreated, null, "admin:admin", app.Clock.GetUtcNow(), Detail: detail) { EventId = Guid.CreateVersion7(), CorrelationId = detail };

    /// <summary>The audit database refuses every record while its table is away, as an unreachable database would.</summary>
    private async Task MoveAuditTableAsync(bool away)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
        var entity = db.Model.FindEntityType(typeof(AuditRecord))!;
        var (table, schema) = (entity.GetTableName()!, entity.GetSchema());
        var (from, to) = away ? (table, table + "_away") : (table + "_away", table);
        var qualified = schema is null ? from : schema + "." + from;
#pragma warning disable EF1002 // identifiers from the model, not input
        await db.Database.ExecuteSqlRawAsync($"ALTER TABLE {qualified} RENAME TO {to}");
#pragma warning restore EF1002
    }

    private async Task PublishAsync(INotification notification)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(notification);
    }

    private async Task<List<AuditRecord>> RecordsAsync(SecurityEventType type)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var name = type.ToString();
        return await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records.AsNoTracking().Where(r => r.Type == name).ToListAsync();
    }

    private async Task<int> OutboxCountAsync<TContext>()
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<PendingSecurityEvent>().CountAsync();
    }

    private async Task<List<SecurityEventType>> OutboxTypesAsync<TContext>()
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<PendingSecurityEvent>().Select(p => p.Type).ToListAsync();
    }

    private async Task EventuallyEmptyAsync<TContext>()
        where TContext : DbContext
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await OutboxCountAsync<TContext>() is var left && left > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"{left} row(s) still in the outbox of {typeof(TContext).Name}.");
            await Task.Delay(100);
        }
    }
}
