using GraphQL;
using GraphQL.Types;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;

namespace MfaMonolith.Host.Administration;

internal sealed class AdminTokenType : ObjectGraphType<AdminTokenView>
{
    public AdminTokenType()
    {
        Name = "AdminToken";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id.ToString());
        Field<NonNullGraphType<StringGraphType>>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<StringGraphType>>("state").Description("PENDING, ACTIVE or REMOVED.").Resolve(c => c.Source.State);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("TOTP, or WEBAUTHN for a security key or passkey.").Resolve(c => c.Source.Kind);
        Field<StringGraphType>("aaguid").Description("A security key's authenticator model (AAGUID; all zeros when the key does not say). Null for TOTP.")
            .Resolve(c => c.Source.AaGuid?.ToString());
        Field<NonNullGraphType<DateTimeGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt.UtcDateTime);
        Field<DateTimeGraphType>("lastUsedAt").Resolve(c => c.Source.LastUsedAt?.UtcDateTime);
        Field<DateTimeGraphType>("endedAt").Resolve(c => c.Source.EndedAt?.UtcDateTime);
    }
}

internal sealed class AdminUserType : ObjectGraphType<AdminUserView>
{
    public AdminUserType()
    {
        Name = "AdminUser";
        Description = "A user as the help desk sees them. Never a secret.";
        Field<NonNullGraphType<StringGraphType>>("userId").Resolve(c => c.Source.UserId);
        Field<NonNullGraphType<StringGraphType>>("status").Description("ENFORCED_ALL, ENFORCED_PARTIALLY or OFF.").Resolve(c => c.Source.Policy.Status);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AdminTokenType>>>>("tokens").Resolve(c => c.Source.Tokens);
        Field<NonNullGraphType<IntGraphType>>("remainingBackupCodes").Resolve(c => c.Source.BackupCodes.Remaining);
        Field<DateTimeGraphType>("backupCodesGeneratedAt").Resolve(c => c.Source.BackupCodes.GeneratedAt?.UtcDateTime);
        Field<NonNullGraphType<StringGraphType>>("settingMode").Description("NONE, ALL or SELECTED.").Resolve(c => c.Source.Policy.Mode);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("includedCategories").Resolve(c => c.Source.Policy.IncludedCategories);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("excludedRelyingParties").Resolve(c => c.Source.Policy.ExcludedRelyingParties);
        Field<NonNullGraphType<IntGraphType>>("consecutiveFailures").Resolve(c => c.Source.Policy.ConsecutiveFailures);
        Field<DateTimeGraphType>("lockedUntil").Resolve(c => c.Source.Policy.LockedUntil?.UtcDateTime);
    }
}

internal sealed class AdminUserConnectionType : ObjectGraphType<AdminUserPage>
{
    public AdminUserConnectionType()
    {
        Name = "AdminUserConnection";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AdminUserType>>>>("nodes").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => new PageInfo(c.Source.HasNextPage, c.Source.EndCursor));
        Field<NonNullGraphType<IntGraphType>>("totalCount").Resolve(c => c.Source.TotalCount);
    }
}

internal sealed class AdministrationSchemaContributor : ISchemaContributor
{
    public void AddQueryFields(ObjectGraphType query)
    {
        DashboardType.AddQueryField(query);
        query.Field<NonNullGraphType<AdminUserType>>("adminUser")
            .Description("One user's tokens, backup codes, setting, status and lock-out. Admins only.")
            .Argument<NonNullGraphType<StringGraphType>>("userId")
            .ResolveAsync(async c =>
            {
                c.User.RequireAdmin();
                return await c.Send(new GetAdminUser(c.GetArgument<string>("userId")));
            });
        query.Field<NonNullGraphType<AdminUserConnectionType>>("adminUsers")
            .Description("Users who have or had a token, by id prefix, ordered by id. Admins only.")
            .Argument<StringGraphType>("idPrefix")
            .Argument<IntGraphType>("first", arg => arg.Description = "Page size, 1–50 (default 20).")
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                c.User.RequireAdmin();
                return await c.Send(new FindAdminUsers(c.GetArgument<string?>("idPrefix"), c.GetArgument<int?>("first") ?? 20, c.GetArgument<string?>("after")));
            });
    }

    public void AddMutationFields(ObjectGraphType mutation)
    {
        Action(mutation, "revokeUserToken", "Revokes one of a user's tokens (a lost device).", AdminUserAction.RevokeToken, withToken: true);
        Action(mutation, "unlockUser", "Lifts a user's verification lock-out.", AdminUserAction.Unlock, withToken: false);
        Action(mutation, "resetUser", "For a user who lost every factor: revokes all tokens and backup codes, clears the setting, ends the sessions.",
            AdminUserAction.Reset, withToken: false);
    }

    private static void Action(ObjectGraphType mutation, string name, string description, AdminUserAction action, bool withToken)
    {
        var field = mutation.Field<NonNullGraphType<AdminUserType>>(name)
            .Description(description + " Admins only; the reason goes to the audit log.")
            .Argument<NonNullGraphType<StringGraphType>>("userId")
            .Argument<NonNullGraphType<StringGraphType>>("reason");
        if (withToken)
            field.Argument<NonNullGraphType<IdGraphType>>("tokenId");
        field.ResolveAsync(async c => await c.Send(new ActOnUser(await c.RequireAdminStepUpAsync(), c.GetArgument<string>("userId"), action,
            withToken ? c.GetIdArgument("tokenId") : null, c.GetArgument<string>("reason"))));
    }
}
