using FluentValidation;
using Mediator;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;

/// <summary>"Does this user need a second factor for this relying party right now?" — on every login.</summary>
internal sealed record GetMfaRequirement(string UserId, string RelyingParty, IReadOnlyList<string> RequestedAuthnContext) : IQuery<MfaRequirement>;

internal sealed class GetMfaRequirementValidator : AbstractValidator<GetMfaRequirement>
{
    public GetMfaRequirementValidator()
    {
        RuleFor(q => q.UserId).NotEmpty().WithMessage("userId must not be empty.").MaximumLength(256).WithMessage("userId is longer than 256 characters.");
        RuleFor(q => q.RelyingParty).NotEmpty().WithMessage("relyingParty must not be empty.").MaximumLength(1024).WithMessage("relyingParty is longer than 1024 characters.");
        RuleFor(q => q.RequestedAuthnContext).Must(list => list.Count <= 32 && list.All(acr => acr.Length <= 512))
            .WithMessage("requestedAuthnContext may hold at most 32 values of at most 512 characters.");
    }
}

internal sealed class GetMfaRequirementHandler(ServicePoliciesDbContext db, CatalogCache catalog, ISender sender)
    : IQueryHandler<GetMfaRequirement, MfaRequirement>
{
    private static readonly CompiledPerModel<Func<ServicePoliciesDbContext, string, CancellationToken, Task<MfaSetting?>>> SettingOf = new(() =>
        EF.CompileAsyncQuery((ServicePoliciesDbContext db, string userId, CancellationToken ct) => db.Settings.AsNoTracking().FirstOrDefault(s => s.UserId == userId)));

    public async ValueTask<MfaRequirement> Handle(GetMfaRequirement query, CancellationToken ct)
    {
        var tokens = await sender.Send(new GetTokenStatus(query.UserId), ct);
        if (!tokens.HasActiveToken)
            return MfaPolicy.Evaluate(false, 0, null, CatalogSnapshot.Empty, query.RelyingParty, query.RequestedAuthnContext);

        var backupCodes = await sender.Send(new GetBackupCodeStatus(query.UserId), ct);
        var setting = await SettingOf.For(db)(db, query.UserId, ct);
        var snapshot = setting?.Mode == MfaSettingMode.Selected ? await catalog.GetAsync(db, ct) : CatalogSnapshot.Empty;
        var kinds = (tokens.HasTotp ? TokenKinds.Totp : TokenKinds.None) | (tokens.HasSecurityKey ? TokenKinds.SecurityKey : TokenKinds.None);
        return MfaPolicy.Evaluate(true, backupCodes.Remaining, setting, snapshot, query.RelyingParty, query.RequestedAuthnContext, kinds);
    }
}
