using Mediator;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Modules.ServicePolicies.Contracts;

/// <summary>A user's setting, derived status and lock-out, as an admin sees them.</summary>
public sealed record GetUserPolicy(string UserId) : IQuery<UserPolicyView>;

/// <param name="Mode">NONE, ALL or SELECTED.</param>
/// <param name="Status">ENFORCED_ALL, ENFORCED_PARTIALLY or OFF.</param>
public sealed record UserPolicyView(string Mode, IReadOnlyList<string> IncludedCategories, IReadOnlyList<string> ExcludedRelyingParties,
    string Status, int ConsecutiveFailures, DateTimeOffset? LockedUntil);

/// <summary>An admin lifts a lock-out and clears the failure count.</summary>
/// <param name="AdminAction">The admin's ADMIN_ACTION event, if the caller has one: recorded in the same transaction as the change.</param>
public sealed record UnlockUser(string UserId, SecurityEventOccurred? AdminAction = null) : ICommand<bool>;

/// <summary>An admin reset clears the user's MFA setting (back to nothing).</summary>
/// <param name="AdminAction">The admin's ADMIN_ACTION event, if the caller has one: recorded in the same transaction as the change.</param>
public sealed record ClearUserSettings(string UserId, SecurityEventOccurred? AdminAction = null) : ICommand<bool>;

/// <summary>Dashboard figures: how the given users (those with an active token) chose, by derived status.</summary>
public sealed record CountStatuses(IReadOnlyList<string> UsersWithActiveToken) : IQuery<StatusCounts>;

public sealed record StatusCounts(int EnforcedAll, int EnforcedPartially, int Off);
