using Mediator;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.Administration;

internal sealed class AdminPolicyHandlers(ServicePoliciesDbContext db, LockoutLedger lockouts, ISender sender, SecurityEventOutbox outbox, TimeProvider clock)
    : IQueryHandler<GetUserPolicy, UserPolicyView>, ICommandHandler<UnlockUser, bool>, ICommandHandler<ClearUserSettings, bool>, IQueryHandler<CountStatuses, StatusCounts>
{
    public async ValueTask<UserPolicyView> Handle(GetUserPolicy query, CancellationToken ct)
    {
        var setting = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == query.UserId, ct);
        var lockout = await db.Lockouts.AsNoTracking().FirstOrDefaultAsync(l => l.UserId == query.UserId, ct);
        var hasToken = (await sender.Send(new GetTokenStatus(query.UserId), ct)).HasActiveToken;
        var lockedUntil = lockout?.LockedUntil > clock.GetUtcNow() ? lockout.LockedUntil : null;
        return new UserPolicyView((setting?.Mode ?? Domain.MfaSettingMode.None).ToString().ToUpperInvariant(), setting?.IncludedCategories ?? [],
            setting?.ExcludedRelyingParties ?? [], MfaPolicy.Status(hasToken, setting), lockout?.ConsecutiveFailures ?? 0, lockedUntil);
    }

    public async ValueTask<StatusCounts> Handle(CountStatuses query, CancellationToken ct)
    {
        var withToken = query.UsersWithActiveToken.ToHashSet(StringComparer.Ordinal);
        var settings = await db.Settings.AsNoTracking().ToListAsync(ct);
        var statuses = settings.Where(s => withToken.Contains(s.UserId)).Select(s => MfaPolicy.Status(true, s)).ToList();
        var all = statuses.Count(s => s == "ENFORCED_ALL");
        var partially = statuses.Count(s => s == "ENFORCED_PARTIALLY");
        return new StatusCounts(all, partially, withToken.Count - all - partially);
    }

    public async ValueTask<bool> Handle(UnlockUser command, CancellationToken ct)
    {
        if (command.AdminAction is null)
            return await lockouts.UnlockAsync(command.UserId, ct);

        bool unlocked;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            unlocked = await lockouts.UnlockAsync(command.UserId, ct);
            outbox.Stage(db, command.AdminAction);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        return unlocked;
    }

    public async ValueTask<bool> Handle(ClearUserSettings command, CancellationToken ct)
    {
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.UserId == command.UserId, ct);
        setting?.Clear(clock.GetUtcNow());
        if (command.AdminAction is not null)
            outbox.Stage(db, command.AdminAction);
        await db.SaveChangesAsync(ct);
        return setting is not null;
    }
}
