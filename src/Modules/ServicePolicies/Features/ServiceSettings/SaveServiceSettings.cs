using FluentValidation;
using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity.StepUp;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.ServiceSettings;

/// <summary>
/// Saves "all services" or selected categories minus excluded services. Needs the session's step-up (a second factor
/// verified within Mfa:StepUp:MaxAge, ADR 0015), exactly as a re-login with MFA would; bad input is refused first.
/// </summary>
internal sealed record SaveServiceSettings(string UserId, bool All, IReadOnlyList<string> IncludeCategories, IReadOnlyList<string> ExcludeRelyingParties)
    : ICommand<ServiceSettingsView>;

internal sealed class SaveServiceSettingsValidator : AbstractValidator<SaveServiceSettings>
{
    public SaveServiceSettingsValidator()
    {
        RuleFor(c => c.IncludeCategories).Must(l => l.Count <= 500 && l.All(id => id.Length is > 0 and <= 128)).WithMessage("includeCategories holds invalid ids.");
        RuleFor(c => c.ExcludeRelyingParties).Must(l => l.Count <= 5000 && l.All(id => id.Length is > 0 and <= 1024)).WithMessage("excludeRelyingParties holds invalid ids.");
        RuleFor(c => c).Must(c => !c.All || (c.IncludeCategories.Count == 0 && c.ExcludeRelyingParties.Count == 0))
            .WithMessage("With all services selected, leave includeCategories and excludeRelyingParties empty.");
    }
}

internal sealed class SaveServiceSettingsHandler(ServicePoliciesDbContext db, CatalogCache catalog, SessionStepUp stepUp, TimeProvider clock)
    : ICommandHandler<SaveServiceSettings, ServiceSettingsView>
{
    public async ValueTask<ServiceSettingsView> Handle(SaveServiceSettings command, CancellationToken ct)
    {
        catalog.Invalidate();
        var snapshot = await catalog.GetAsync(db, ct);
        if (command.IncludeCategories.FirstOrDefault(id => !snapshot.CategoryIds.Contains(id)) is { } unknownCategory)
            throw new AppException(ErrorCodes.ValidationFailed, $"There is no service category '{unknownCategory}'.");
        if (command.ExcludeRelyingParties.FirstOrDefault(id => !snapshot.CategoryOfRelyingParty.ContainsKey(id)) is { } unknownService)
            throw new AppException(ErrorCodes.ValidationFailed, $"There is no service '{unknownService}'.");
        if (command.ExcludeRelyingParties.FirstOrDefault(id => !command.IncludeCategories.Contains(snapshot.CategoryOfRelyingParty[id])) is { } stray)
            throw new AppException(ErrorCodes.ValidationFailed, $"The service '{stray}' can only be excluded from a category you selected.");

        await stepUp.RequireAsync("save your service settings", ct);
        var actor = SecurityEventOccurred.UserActor(command.UserId);

        var now = clock.GetUtcNow();
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.UserId == command.UserId, ct);
        if (setting is null)
        {
            setting = MfaSetting.For(command.UserId);
            db.Settings.Add(setting);
        }

        if (command.All)
            setting.RequireAll(now, actor);
        else
            setting.RequireSelected(command.IncludeCategories, command.ExcludeRelyingParties, now, actor);
        await db.SaveChangesAsync(ct);
        return new ServiceSettingsView(setting.Mode, setting.IncludedCategories, setting.ExcludedRelyingParties, MfaPolicy.Status(true, setting));
    }
}

internal sealed class SaveServiceSettingsInput
{
    public bool All { get; set; }
    public List<string>? IncludeCategories { get; set; }
    public List<string>? ExcludeRelyingParties { get; set; }
}

internal sealed class SaveServiceSettingsInputType : InputObjectGraphType<SaveServiceSettingsInput>
{
    public SaveServiceSettingsInputType()
    {
        Name = "SaveServiceSettingsInput";
        Field<NonNullGraphType<BooleanGraphType>>("all").Description("MFA for all services; otherwise for the included categories.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("includeCategories");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("excludeRelyingParties").Description("Services of included categories that do not need MFA.");
    }

    public static void AddMutationField(ObjectGraphType mutation) =>
        mutation.Field<NonNullGraphType<ServiceSettingsType>>("saveServiceSettings")
            .Description("Chooses which services ask you for a second factor. Needs a recent second factor (step-up: verifyStepUp).")
            .Argument<NonNullGraphType<SaveServiceSettingsInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<SaveServiceSettingsInput>("input");
                return await c.Send(new SaveServiceSettings(c.RequireUserId(), input.All, input.IncludeCategories ?? [], input.ExcludeRelyingParties ?? []));
            });
}
