using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MfaMonolith.SharedKernel.SecurityEvents.Outbox;

/// <summary>
/// Makes the outbox one mechanism instead of a sequence every handler must remember (ADR 0013): a save stages what the
/// entities raised (<see cref="IRaisesSecurityEvents"/>), and what was staged in the context is delivered once it is
/// committed — after the save outside an explicit transaction, else after that transaction's commit; a rollback drops
/// it. One instance serves every <typeparamref name="TContext"/>; the state is the scope's <see cref="SecurityEventOutbox"/>.
/// </summary>
internal sealed class SecurityEventOutboxInterceptor<TContext> : ISaveChangesInterceptor, IDbTransactionInterceptor
    where TContext : DbContext
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        StageRaised(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        StageRaised(eventData.Context);
        return ValueTask.FromResult(result);
    }

    // The synchronous save is not used on the request path; blocking here keeps its delivery as prompt as the async one.
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Outbox(eventData.Context) is { } outbox)
            outbox.SavedAsync(eventData.Context!).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Outbox(eventData.Context) is { } outbox)
            await outbox.SavedAsync(eventData.Context!);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (Outbox(eventData.Context) is { } outbox)
            outbox.CommittedAsync(eventData.Context!, eventData.TransactionId).GetAwaiter().GetResult();
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Outbox(eventData.Context) is { } outbox)
            await outbox.CommittedAsync(eventData.Context!, eventData.TransactionId);
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Outbox(eventData.Context)?.RolledBack(eventData.Context!, eventData.TransactionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Outbox(eventData.Context)?.RolledBack(eventData.Context!, eventData.TransactionId);
        return Task.CompletedTask;
    }

    private static void StageRaised(DbContext? context)
    {
        if (context is null)
            return;
        var raising = context.ChangeTracker.Entries<IRaisesSecurityEvents>().Select(e => e.Entity).ToList();
        if (raising.Count == 0)
            return;
        var outbox = Outbox(context) ?? throw new InvalidOperationException($"{typeof(TContext).Name} has no security-event outbox in this scope.");
        foreach (var entity in raising)
        {
            foreach (var raised in entity.TakeRaised())
                outbox.Stage(typeof(TContext), context, raised.Event, raised.Consequence);
        }
    }

    private static SecurityEventOutbox? Outbox(DbContext? context) => context is null ? null : SecurityEventOutboxBinding.Of(context);
}
