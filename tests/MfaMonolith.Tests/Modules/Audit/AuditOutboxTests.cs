using Mediator;
using MfaMonolith.Host.ApiClients;
using MfaMonolith.Host.Persistence;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.Modules.Audit.Persistence;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using MfaMonolith.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.Tests.Modules.Audit;

/// <summary>
/// ADR 0013: a change and its security event commit together in the changing module's outbox; a crash before delivery
/// loses no record, a redelivery adds none, and a change that fails takes its event with it.
/// </summary>
public sealed class AuditOutboxTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly MfaAppFactory app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_change_committed_with_its_event_is_recorded_once_when_the_app_starts_again_after_a_crash_before_delivery()
    {
        var first = new MfaAppFactory { KeepDataWhenDisposed = true };
        MfaAppFactory? second = null;
        try
        {
            var alice = await BrowserSession.SignInAsync(first);
            var (tokenId, _) = await alice.EnrolTokenAsync();
            await using (var scope = first.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<TokensDbContext>();
                var token = await db.Tokens.SingleAsync(t => t.Id == Guid.Parse(tokenId));
                // The rename raises its event, and the save stages it with the change.
                token.Rename("Renamed before the crash", first.Clock.GetUtcNow());
                // The crash: the process dies between the commit and the delivery that follows it.
                first.OutboxCrash.On = true;
                await db.SaveChangesAsync();
            }

            await Task.Delay(SecurityEventOutboxSweeper<TokensDbContext>.Interval * 2);
            (await RecordsAsync(first, SecurityEventType.TokenRenamed)).ShouldBeEmpty("the event was never delivered");
            (await OutboxCountAsync<TokensDbContext>(first)).ShouldBe(1);
            first.Dispose();

            first.Clock.Advance(TimeSpan.FromSeconds(1));
            second = new MfaAppFactory(first);
            var records = await EventuallyAsync(second, SecurityEventType.TokenRenamed, count: 1);

            records.Single().Detail.ShouldBe(tokenId);
            records.Single().Actor.ShouldBe("user:alice");
            records.Single().EventId.ShouldNotBeNull();
            await EventuallyEmptyAsync<TokensDbContext>(second);
            await Task.Delay(SecurityEventOutboxSweeper<TokensDbContext>.Interval * 2);
            (await RecordsAsync(second, SecurityEventType.TokenRenamed)).Count.ShouldBe(1);
            await using var check = second.Services.CreateAsyncScope();
            (await check.ServiceProvider.GetRequiredService<TokensDbContext>().Tokens.SingleAsync(t => t.Id == Guid.Parse(tokenId)))
                .Description.ShouldBe("Renamed before the crash");
        }
        finally
        {
            if (second is null)
                first.KeepDataWhenDisposed = false;
            first.Dispose();
            second?.Dispose();
        }
    }

    [Fact]
    public async Task A_row_another_instance_left_behind_is_redelivered_by_a_running_instance_once_it_is_old()
    {
        await BrowserSession.SignInAsync(app);
        var staged = new SecurityEventOccurred(SecurityEventType.SettingsChanged, "bob", "user:bob", app.Clock.GetUtcNow(), Reason: "ALL");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // As an instance that crashed right after its commit would have left it.
            var db = scope.ServiceProvider.GetRequiredService<ServicePoliciesDbContext>();
            db.Set<PendingSecurityEvent>().Add(PendingSecurityEvent.From(staged, "192.0.2.7", "crashed-trace", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        await Task.Delay(SecurityEventOutboxSweeper<ServicePoliciesDbContext>.Interval * 2);
        (await RecordsAsync(app, SecurityEventType.SettingsChanged)).ShouldBeEmpty("a young row may still be on its way");

        app.Clock.Advance(SecurityEventOutboxSweeper<ServicePoliciesDbContext>.RedeliverAfter + TimeSpan.FromSeconds(1));
        var record = (await EventuallyAsync(app, SecurityEventType.SettingsChanged, count: 1)).Single();

        record.UserId.ShouldBe("bob");
        record.ClientIp.ShouldBe("192.0.2.7", "captured when staged, not taken from whatever request delivers it");
        record.CorrelationId.ShouldBe("crashed-trace");
        await EventuallyEmptyAsync<ServicePoliciesDbContext>(app);
    }

    [Fact]
    public async Task An_event_delivered_twice_or_concurrently_is_recorded_once()
    {
        await BrowserSession.SignInAsync(app);
        var evt = new SecurityEventOccurred(SecurityEventType.ApiClientCreated, null, "admin:admin", app.Clock.GetUtcNow(), Detail: "twice")
            { EventId = Guid.NewGuid(), CorrelationId = "once" };

        await PublishAsync(evt);
        await PublishAsync(evt);
        await Task.WhenAll(PublishAsync(evt), PublishAsync(evt), PublishAsync(evt));

        var records = await RecordsAsync(app, SecurityEventType.ApiClientCreated);
        records.Count(r => r.Detail == "twice").ShouldBe(1);
    }

    [Fact]
    public async Task Events_published_directly_are_each_recorded_even_when_alike()
    {
        await BrowserSession.SignInAsync(app);
        var evt = new SecurityEventOccurred(SecurityEventType.SignInFailed, "mallory", "user:mallory", app.Clock.GetUtcNow(), Reason: "BAD_CREDENTIALS");

        await PublishAsync(evt);
        await PublishAsync(evt);

        (await RecordsAsync(app, SecurityEventType.SignInFailed)).Count(r => r.UserId == "mallory").ShouldBe(2);
    }

    [Fact]
    public async Task A_pooled_context_handed_to_a_new_scope_stages_into_that_scope_s_outbox_and_forgets_what_the_last_one_left()
    {
        TokensDbContext first;
        SecurityEventOutbox firstOutbox;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<TokensDbContext>();
            firstOutbox = scope.ServiceProvider.GetRequiredService<SecurityEventOutbox>();
            SecurityEventOutboxBinding.Of(first).ShouldBeSameAs(firstOutbox);
            // Left unsaved: a scope that ends mid-change.
            firstOutbox.Stage(first, new SecurityEventOccurred(SecurityEventType.TokenRenamed, "alice", "user:alice", app.Clock.GetUtcNow(), Detail: "left-behind"));
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var second = scope.ServiceProvider.GetRequiredService<TokensDbContext>();
            // The pool hands the same instance back: it must be clean and bound to this scope only.
            second.ShouldBeSameAs(first);
            SecurityEventOutboxBinding.Of(second).ShouldBeSameAs(scope.ServiceProvider.GetRequiredService<SecurityEventOutbox>());
            SecurityEventOutboxBinding.Of(second).ShouldNotBeSameAs(firstOutbox);
            second.ChangeTracker.Entries().ShouldBeEmpty();
            await second.SaveChangesAsync();
        }

        await using var check = app.Services.CreateAsyncScope();
        (await check.ServiceProvider.GetRequiredService<TokensDbContext>().Set<PendingSecurityEvent>().AnyAsync(p => p.Detail == "left-behind")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_change_that_fails_to_save_takes_its_event_with_it()
    {
        await BrowserSession.SignInAsync(app);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            db.ApiClients.Add(NewClient("first", "aa"));
            await db.SaveChangesAsync();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HostDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<SecurityEventOutbox>();
            // The same key hash again: the unique index refuses the client, and the whole save with it.
            db.ApiClients.Add(NewClient("second", "aa"));
            outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.ApiClientCreated, null, "admin:admin", app.Clock.GetUtcNow(), Detail: "second"));

            await Should.ThrowAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = app.Services.CreateAsyncScope();
        var host = check.ServiceProvider.GetRequiredService<HostDbContext>();
        (await host.ApiClients.AnyAsync(c => c.Name == "second")).ShouldBeFalse();
        (await host.Set<PendingSecurityEvent>().AnyAsync(p => p.Detail == "second")).ShouldBeFalse();
        (await RecordsAsync(app, SecurityEventType.ApiClientCreated)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_conditional_update_rolled_back_takes_its_staged_event_with_it()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TokensDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<SecurityEventOutbox>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            (await db.Tokens.TryAcceptStepAsync(Guid.Parse(tokenId), long.MaxValue, app.Clock.GetUtcNow(), default)).ShouldBeTrue();
            outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.VerificationAccepted, "alice", "user:alice", app.Clock.GetUtcNow(), Method: "TOTP", Detail: "rolled-back"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }

        await using var check = app.Services.CreateAsyncScope();
        var tokens = check.ServiceProvider.GetRequiredService<TokensDbContext>();
        (await tokens.Tokens.SingleAsync(t => t.Id == Guid.Parse(tokenId))).LastUsedStep.ShouldNotBe(long.MaxValue);
        (await tokens.Set<PendingSecurityEvent>().AnyAsync(p => p.Detail == "rolled-back")).ShouldBeFalse();
    }

    [Fact]
    public async Task Rows_delivered_in_process_are_swept_from_every_outbox()
    {
        var alice = await BrowserSession.SignInAsync(app);
        var (tokenId, _) = await alice.EnrolTokenAsync();
        (await alice.GraphQLAsync("mutation($t:ID!){ renameToken(tokenId:$t, description:\"Work phone\"){ id } }", new { t = tokenId })).ShouldHaveNoErrors();

        (await RecordsAsync(app, SecurityEventType.TokenRenamed)).Count.ShouldBe(1, "delivered in the same request");
        (await RecordsAsync(app, SecurityEventType.SignInSucceeded)).Count.ShouldBe(1);
        await EventuallyEmptyAsync<TokensDbContext>(app);
        await EventuallyEmptyAsync<ServicePoliciesDbContext>(app);
        await EventuallyEmptyAsync<HostDbContext>(app);
    }

    private static ApiClient NewClient(string name, string keyHashPrefix) => new()
    {
        Name = name, KeySha256 = keyHashPrefix.PadRight(64, '0'), Scopes = "policy:read", CreatedAt = DateTimeOffset.UnixEpoch, CreatedBy = "admin",
    };

    private async Task PublishAsync(SecurityEventOccurred evt)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IPublisher>().Publish(evt);
    }

    private static async Task<List<AuditRecord>> RecordsAsync(MfaAppFactory app, SecurityEventType type)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var name = type.ToString();
        return await scope.ServiceProvider.GetRequiredService<AuditDbContext>().Records.AsNoTracking().Where(r => r.Type == name).ToListAsync();
    }

    private static async Task<int> OutboxCountAsync<TContext>(MfaAppFactory app)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<PendingSecurityEvent>().CountAsync();
    }

    private static async Task<List<AuditRecord>> EventuallyAsync(MfaAppFactory app, SecurityEventType type, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var records = await RecordsAsync(app, type);
            if (records.Count >= count || DateTime.UtcNow > deadline)
                return records.Count == count ? records : throw new ShouldAssertException($"{records.Count} {type} record(s), expected {count}.");
            await Task.Delay(100);
        }
    }

    private static async Task EventuallyEmptyAsync<TContext>(MfaAppFactory app)
        where TContext : DbContext
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await OutboxCountAsync<TContext>(app) is var left && left > 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new ShouldAssertException($"{left} row(s) still in the outbox of {typeof(TContext).Name}.");
            await Task.Delay(100);
        }
    }
}
