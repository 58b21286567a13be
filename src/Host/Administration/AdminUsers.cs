using Mediator;
using MfaMonolith.Host.Identity.Sessions;
using MfaMonolith.Host.Persistence;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;

namespace MfaMonolith.Host.Administration;

/// <summary>A user as the help desk sees them, composed from every module's contract; never a secret.</summary>
internal sealed record AdminUserView(
    string UserId, IReadOnlyList<AdminTokenView> Tokens, BackupCodeStatus BackupCodes, UserPolicyView Policy);

internal sealed record GetAdminUser(string UserId) : IQuery<AdminUserView>;

internal sealed record FindAdminUsers(string? IdPrefix, int First, string? After) : IQuery<AdminUserPage>;

internal sealed record AdminUserPage(IReadOnlyList<AdminUserView> Nodes, bool HasNextPage, string? EndCursor, int TotalCount);

internal enum AdminUserAction
{
    RevokeToken,
    Unlock,
    Reset,
}

/// <summary>A help-desk action on a user; the stated reason goes to the audit log.</summary>
internal sealed record ActOnUser(string AdminId, string UserId, AdminUserAction Action, Guid? TokenId, string Reason) : ICommand<AdminUserView>;

internal sealed class AdminUserHandlers(ISender sender, HostDbContext db, SecurityEventOutbox outbox, SessionStore sessions, TimeProvider clock)
    : IQueryHandler<GetAdminUser, AdminUserView>, IQueryHandler<FindAdminUsers, AdminUserPage>, ICommandHandler<ActOnUser, AdminUserView>
{
    public const int MaxPageSize = 50;

    public async ValueTask<AdminUserView> Handle(GetAdminUser query, CancellationToken ct) =>
        new(query.UserId,
            await sender.Send(new ListUserTokens(query.UserId), ct),
            await sender.Send(new GetBackupCodeStatus(query.UserId), ct),
            await sender.Send(new GetUserPolicy(query.UserId), ct));

    public async ValueTask<AdminUserPage> Handle(FindAdminUsers query, CancellationToken ct)
    {
        if (query.First is < 1 or > MaxPageSize)
            throw new AppException(ErrorCodes.ValidationFailed, $"first must be between 1 and {MaxPageSize}.");
        var page = await sender.Send(new FindTokenUsers(query.IdPrefix, query.First, query.After), ct);
        var nodes = new List<AdminUserView>(page.UserIds.Count);
        foreach (var userId in page.UserIds)
            nodes.Add(await Handle(new GetAdminUser(userId), ct));
        return new AdminUserPage(nodes, page.HasNextPage, page.UserIds.Count > 0 ? page.UserIds[^1] : null, page.TotalCount);
    }

    public async ValueTask<AdminUserView> Handle(ActOnUser command, CancellationToken ct)
    {
        var reason = command.Reason.Trim();
        if (reason.Length is 0 or > 500)
            throw new AppException(ErrorCodes.ValidationFailed, "State the reason for this action (1–500 characters): it goes to the audit log.");
        if (command.UserId.Length is 0 or > 256)
            throw new AppException(ErrorCodes.ValidationFailed, "userId must be 1–256 characters.");

        // The ADMIN_ACTION record commits with the change it records, in the module that makes it (ADR 0013).
        var adminAction = new SecurityEventOccurred(SecurityEventType.AdminAction, command.UserId, "admin:" + command.AdminId, clock.GetUtcNow(),
            Reason: reason, Detail: command.Action.ToString() + (command.TokenId is { } id ? ":" + id : ""));
        switch (command.Action)
        {
            case AdminUserAction.RevokeToken:
                // Each removed token carries its own TOKEN_REMOVED record with the admin and the reason; this summary
                // commits in the Host's outbox just after.
                await sender.Send(new RevokeTokensByAdmin(command.UserId, command.TokenId, command.AdminId, reason), ct);
                outbox.Stage(db, adminAction);
                await db.SaveChangesAsync(ct);
                break;
            case AdminUserAction.Unlock:
                await sender.Send(new UnlockUser(command.UserId, adminAction), ct);
                break;
            case AdminUserAction.Reset:
                // Lost every factor: no tokens (their backup codes retire with the last one), no setting, no sessions.
                await sender.Send(new RevokeTokensByAdmin(command.UserId, null, command.AdminId, reason), ct);
                await sender.Send(new ClearUserSettings(command.UserId, adminAction), ct);
                await sender.Send(new UnlockUser(command.UserId), ct);
                await sessions.EndAllAsync(command.UserId, exceptSessionId: null, ct);
                break;
        }

        return await Handle(new GetAdminUser(command.UserId), ct);
    }
}
