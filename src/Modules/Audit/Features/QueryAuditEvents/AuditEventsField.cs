using GraphQL;
using GraphQL.Types;
using MfaMonolith.Modules.Audit.Domain;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.SecurityEvents;

namespace MfaMonolith.Modules.Audit.Features.QueryAuditEvents;

internal sealed class AuditEventTypeType : EnumerationGraphType<SecurityEventType>
{
    public AuditEventTypeType() => Name = "AuditEventType";
}

internal sealed class AuditEventType : ObjectGraphType<AuditRecord>
{
    public AuditEventType()
    {
        Name = "AuditEvent";
        Field<NonNullGraphType<DateTimeGraphType>>("occurredAt").Resolve(c => c.Source.OccurredAt.UtcDateTime);
        Field<NonNullGraphType<AuditEventTypeType>>("type").Resolve(c => Enum.Parse<SecurityEventType>(c.Source.Type));
        Field<StringGraphType>("userId").Description("The subject user.").Resolve(c => c.Source.UserId);
        Field<NonNullGraphType<StringGraphType>>("actor").Description("\"user:ID\", \"admin:ID\" or \"client:NAME\".").Resolve(c => c.Source.Actor);
        Field<StringGraphType>("relyingParty").Resolve(c => c.Source.RelyingParty);
        Field<StringGraphType>("clientIp").Resolve(c => c.Source.ClientIp);
        Field<SecondFactorMethodType>("method").Resolve(c => SecondFactorMethodType.Parse(c.Source.Method));
        Field<StringGraphType>("reason").Description("A failure reason, or an admin's stated reason.").Resolve(c => c.Source.Reason);
        Field<StringGraphType>("detail").Description("What the event concerned (a token id, a purpose such as sign-in or step-up); never a secret.").Resolve(c => c.Source.Detail);
        Field<StringGraphType>("correlationId").Resolve(c => c.Source.CorrelationId);
    }
}

internal sealed class AuditEventConnectionType : ObjectGraphType<AuditEventPage>
{
    public AuditEventConnectionType()
    {
        Name = "AuditEventConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEventType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => new PageInfo(c.Source.HasNextPage, c.Source.EndCursor));
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }

    public static void AddQueryField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<AuditEventConnectionType>>("auditEvents")
            .Description("The audit log, newest first. Admins only.")
            .Argument<StringGraphType>("userId")
            .Argument<AuditEventTypeType>("type")
            .Argument<StringGraphType>("relyingParty")
            .Argument<DateTimeGraphType>("from")
            .Argument<DateTimeGraphType>("to")
            .Argument<IntGraphType>("first", arg => arg.Description = "Page size, 1–100 (default 50).")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                c.User.RequireAdmin();
                return await c.Send(new QueryAuditEvents(
                    c.GetArgument<string?>("userId"), c.GetArgument<SecurityEventType?>("type"), c.GetArgument<string?>("relyingParty"),
                    ToUtc(c.GetArgument<DateTime?>("from")), ToUtc(c.GetArgument<DateTime?>("to")),
                    c.GetArgument<int?>("first") ?? 50, c.GetArgument<string?>("after")));
            });

    private static DateTimeOffset? ToUtc(DateTime? value) =>
        value is null ? null : new DateTimeOffset(value.Value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value.Value, DateTimeKind.Utc) : value.Value.ToUniversalTime());
}
