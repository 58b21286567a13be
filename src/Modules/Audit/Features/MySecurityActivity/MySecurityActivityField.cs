using GraphQL;
using GraphQL.Types;
using MfaMonolith.Modules.Audit.Features.QueryAuditEvents;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.Audit.Features.MySecurityActivity;

/// <summary>
/// The signed-in user's own security events, newest first, so that they can spot misuse of their account: the same
/// records admins read, filtered to the caller as subject — never another user's, and never a code (none is recorded).
/// </summary>
internal static class MySecurityActivityField
{
    public static void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<AuditEventConnectionType>>("mySecurityActivity")
            .Description("Your own security events (sign-ins, tokens, codes accepted and rejected, lock-outs, settings), newest first.")
            .Argument<IntGraphType>("first", arg => arg.Description = "Page size, 1–100 (default 25).")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c => await c.Send(new QueryAuditEvents.QueryAuditEvents(
                c.RequireUserId(), null, null, null, null, c.GetArgument<int?>("first") ?? 25, c.GetArgument<string?>("after"))));
}
