using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.Audit.Contracts;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Host.Administration;

/// <summary>The figures of the admins' dashboard, composed from the modules' contracts.</summary>
internal sealed record GetDashboard : IQuery<DashboardView>;

internal sealed record DashboardView(int UsersWithMfa, StatusCounts ByStatus, int ActiveTokens, int Accepted24h, int Rejected24h, int LockOuts24h);

internal sealed class GetDashboardHandler(ISender sender, TimeProvider clock) : IQueryHandler<GetDashboard, DashboardView>
{
    public async ValueTask<DashboardView> Handle(GetDashboard query, CancellationToken ct)
    {
        var tokens = await sender.Send(new GetTokenFigures(), ct);
        var statuses = await sender.Send(new CountStatuses(tokens.UsersWithActiveToken), ct);
        var events = await sender.Send(new CountEvents(clock.GetUtcNow().AddHours(-24)), ct);
        int Count(SecurityEventType type) => events.TryGetValue(type, out var n) ? n : 0;
        return new DashboardView(tokens.UsersWithActiveToken.Count, statuses, tokens.ActiveTokens,
            Count(SecurityEventType.VerificationAccepted), Count(SecurityEventType.VerificationRejected), Count(SecurityEventType.LockedOut));
    }
}

internal sealed class DashboardType : ObjectGraphType<DashboardView>
{
    public DashboardType()
    {
        Name = "AdminDashboard";
        Field<NonNullGraphType<IntGraphType>>("usersWithMfa").Description("Users with at least one active token.").Resolve(c => c.Source.UsersWithMfa);
        Field<NonNullGraphType<IntGraphType>>("usersEnforcedAll").Resolve(c => c.Source.ByStatus.EnforcedAll);
        Field<NonNullGraphType<IntGraphType>>("usersEnforcedPartially").Resolve(c => c.Source.ByStatus.EnforcedPartially);
        Field<NonNullGraphType<IntGraphType>>("usersOff").Description("Users with a token but no MFA setting.").Resolve(c => c.Source.ByStatus.Off);
        Field<NonNullGraphType<IntGraphType>>("tokensEnrolled").Description("Active tokens.").Resolve(c => c.Source.ActiveTokens);
        Field<NonNullGraphType<IntGraphType>>("verificationsAcceptedLast24h").Resolve(c => c.Source.Accepted24h);
        Field<NonNullGraphType<IntGraphType>>("verificationsRejectedLast24h").Resolve(c => c.Source.Rejected24h);
        Field<NonNullGraphType<IntGraphType>>("lockOutsLast24h").Resolve(c => c.Source.LockOuts24h);
    }

    public static void AddQueryField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<DashboardType>>("adminDashboard")
            .Description("Figures for the admins' dashboard. Admins only.")
            .ResolveAsync(async c =>
            {
                c.User.RequireAdmin();
                return await c.Send(new GetDashboard());
            });
}
