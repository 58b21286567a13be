using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.BackupCodes.Domain;
using MfaMonolith.Modules.BackupCodes.Persistence;
using MfaMonolith.SharedKernel.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.BackupCodes.Features.GetMyBackupCodes;

internal sealed record GetMyBackupCodes(string UserId) : IQuery<MyBackupCodesView>;

/// <param name="Codes">The codes, grouped for reading — only until the user confirms having saved them.</param>
/// <param name="CodesNeedStepUp">The set replaced a saved one: its codes are shown only with the session's step-up.</param>
internal sealed record MyBackupCodesView(
    Guid? SetId, int Remaining, DateTimeOffset? GeneratedAt, bool Acknowledged, IReadOnlyList<string>? Codes, bool CodesNeedStepUp = false)
{
    public static readonly MyBackupCodesView None = new(null, 0, null, false, null);
}

internal sealed class GetMyBackupCodesHandler(BackupCodesDbContext db, BackupCodeDisplayProtector display) : IQueryHandler<GetMyBackupCodes, MyBackupCodesView>
{
    public async ValueTask<MyBackupCodesView> Handle(GetMyBackupCodes query, CancellationToken cancellationToken)
    {
        var set = await db.Sets.AsNoTracking()
            .Where(s => s.UserId == query.UserId && s.RetiredAt == null)
            .OrderByDescending(s => s.GeneratedAt).ThenByDescending(s => s.Id)
            .Select(s => new { s.Id, s.GeneratedAt, s.AcknowledgedAt, s.ProtectedCodesForDisplay, s.ReplacedSavedSet, Remaining = s.Codes.Count(c => c.SpentAt == null) })
            .FirstOrDefaultAsync(cancellationToken);
        if (set is null)
            return MyBackupCodesView.None;
        var codes = set.AcknowledgedAt is null && set.ProtectedCodesForDisplay is { } stored
            ? display.Unprotect(stored).Select(BackupCodeFormat.Grouped).ToList()
            : null;
        return new MyBackupCodesView(set.Id, set.Remaining, set.GeneratedAt, set.AcknowledgedAt is not null, codes, codes is not null && set.ReplacedSavedSet);
    }
}

internal sealed class BackupCodesType : ObjectGraphType<MyBackupCodesView>
{
    public BackupCodesType()
    {
        Name = "BackupCodes";
        Description = "The signed-in user's current set of backup codes.";
        Field<IdGraphType>("setId").Resolve(c => c.Source.SetId?.ToString());
        Field<NonNullGraphType<IntGraphType>>("remaining").Description("Unused codes left.").Resolve(c => c.Source.Remaining);
        Field<DateTimeGraphType>("generatedAt").Resolve(c => c.Source.GeneratedAt?.UtcDateTime);
        Field<NonNullGraphType<BooleanGraphType>>("acknowledged").Description("You confirmed having saved this set.").Resolve(c => c.Source.Acknowledged);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("codes")
            .Description("The codes, until you confirm having saved them; null afterwards (they are stored only hashed). " +
                         "The codes of a set that replaced a saved one need a recent second factor (step-up: verifyStepUp).")
            .ResolveAsync(async c =>
            {
                if (c.Source.CodesNeedStepUp)
                    await c.StepUp().RequireAsync("see your new backup codes again", c.CancellationToken);
                return c.Source.Codes;
            });
    }

    public static void AddQueryField(ObjectGraphType query) =>
        query.Field<NonNullGraphType<BackupCodesType>>("myBackupCodes")
            .Description("Your backup codes: how many remain, when the set was made, and the codes until you confirm having saved them.")
            .ResolveAsync(async c => await c.Send(new GetMyBackupCodes(c.RequireUserId())));
}
