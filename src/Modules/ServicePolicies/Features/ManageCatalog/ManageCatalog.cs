using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Modules.ServicePolicies.Features.ServiceSettings;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.SecurityEvents;
using MfaMonolith.SharedKernel.SecurityEvents.Outbox;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.ManageCatalog;

/// <summary>An admin's change to the service catalogue; every one decides the policy at once on this instance.</summary>
/// <param name="Labels">Labels per language, replacing the entry's; null keeps them (a <paramref name="Label"/> alone is the default language's).</param>
internal sealed record ChangeCatalog(string AdminId, CatalogChange Change, string Id, string? Label, string? CategoryId, IReadOnlyDictionary<string, string>? Labels = null)
    : ICommand<IReadOnlyList<CategoryView>>;

internal enum CatalogChange
{
    SaveCategory,
    DeleteCategory,
    SaveRelyingParty,
    RemoveRelyingParty,
}

internal sealed class ChangeCatalogHandler(ServicePoliciesDbContext db, CatalogCache cache, ISender sender, SecurityEventOutbox outbox, TimeProvider clock)
    : ICommandHandler<ChangeCatalog, IReadOnlyList<CategoryView>>
{
    public async ValueTask<IReadOnlyList<CategoryView>> Handle(ChangeCatalog command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (command.Id.Length is 0 or > 1024 || command.Label is { Length: 0 or > 256 })
            throw new AppException(ErrorCodes.ValidationFailed, "Ids are 1–1024 characters and labels 1–256.");
        if (command.Labels is not null && CatalogueLabels.Refusal(command.Labels) is { } refusal)
            throw new AppException(ErrorCodes.ValidationFailed, $"Labels: {refusal}.");
        switch (command.Change)
        {
            case CatalogChange.SaveCategory:
                var category = await db.Categories.FindAsync([command.Id], ct);
                if (category is null)
                    db.Categories.Add(category = new ServiceCategory(command.Id, command.Label ?? command.Id));
                Relabel(command, category.Relabel, category.Relabel);
                break;
            case CatalogChange.DeleteCategory:
                var doomed = await db.Categories.Include(c => c.RelyingParties).FirstOrDefaultAsync(c => c.Id == command.Id, ct)
                    ?? throw new AppException(ErrorCodes.NotFound, $"There is no service category '{command.Id}'.");
                var itsServices = doomed.RelyingParties.Select(rp => rp.Id).ToHashSet(StringComparer.Ordinal);
                // Settings are small and this is rare: leaving users' settings clean beats a cheap delete.
                foreach (var setting in await db.Settings.ToListAsync(ct))
                {
                    if (setting.IncludedCategories.Contains(command.Id))
                        setting.ForgetCategory(command.Id, itsServices, now);
                }

                db.Categories.Remove(doomed);
                break;
            case CatalogChange.SaveRelyingParty:
                if (command.CategoryId is null || await db.Categories.FindAsync([command.CategoryId], ct) is null)
                    throw new AppException(ErrorCodes.ValidationFailed, $"There is no service category '{command.CategoryId}'.");
                var rp = await db.RelyingParties.FindAsync([command.Id], ct);
                if (rp is null)
                    db.RelyingParties.Add(rp = new RelyingParty(command.Id, command.Label ?? command.Id, command.CategoryId));
                else if (rp.CategoryId != command.CategoryId)
                {
                    await ForgetExclusionsOfAsync(command.Id, now, ct);
                    rp.CategoryId = command.CategoryId;
                }

                Relabel(command, rp.Relabel, rp.Relabel);
                break;
            case CatalogChange.RemoveRelyingParty:
                var removed = await db.RelyingParties.FindAsync([command.Id], ct)
                    ?? throw new AppException(ErrorCodes.NotFound, $"There is no service '{command.Id}'.");
                await ForgetExclusionsOfAsync(command.Id, now, ct);
                db.RelyingParties.Remove(removed);
                break;
        }

        outbox.Stage(db, new SecurityEventOccurred(SecurityEventType.AdminAction, null, "admin:" + command.AdminId, now,
            RelyingParty: command.Change is CatalogChange.SaveRelyingParty or CatalogChange.RemoveRelyingParty ? command.Id : null,
            Reason: command.Change.ToString(), Detail: command.Id));
        await db.SaveChangesAsync(ct);
        cache.Invalidate();
        return await sender.Send(new GetServiceCatalog(), ct);
    }

    /// <summary>The label in the default language first, then the labels per language, which win where both are given.</summary>
    private static void Relabel(ChangeCatalog command, Action<string> relabel, Action<IReadOnlyDictionary<string, string>> relabelPerLanguage)
    {
        if (command.Label is { } label)
            relabel(label);
        if (command.Labels is { } labels)
            relabelPerLanguage(command.Label is { } single && !labels.ContainsKey(CatalogueLabels.DefaultLanguage)
                ? new Dictionary<string, string>(labels, StringComparer.Ordinal) { [CatalogueLabels.DefaultLanguage] = single }
                : labels);
    }

    private async Task ForgetExclusionsOfAsync(string relyingPartyId, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var setting in await db.Settings.ToListAsync(ct))
        {
            if (setting.ExcludedRelyingParties.Contains(relyingPartyId))
                setting.ForgetRelyingParty(relyingPartyId, now);
        }
    }
}

internal static class ManageCatalogFields
{
    private static ObjectGraphType Field(ObjectGraphType mutation, string name, string description, CatalogChange change, bool label, bool category)
    {
        var field = mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceCategoryType>>>>(name)
            .Description(description + " Admins only. Returns the whole catalogue.")
            .Argument<NonNullGraphType<StringGraphType>>("id");
        if (label)
        {
            field.Argument<NonNullGraphType<StringGraphType>>("label", "The label in the default language (en).");
            field.Argument<ListGraphType<NonNullGraphType<LocalizedLabelInputType>>>("labels",
                "Labels per language, replacing those stored; the `label` argument gives the default language's unless this names it.");
        }

        if (category)
            field.Argument<NonNullGraphType<IdGraphType>>("categoryId");
        field.ResolveAsync(async c => await c.Send(new ChangeCatalog(await c.RequireAdminStepUpAsync(), change, c.GetArgument<string>("id"),
            label ? c.GetArgument<string>("label") : null, category ? c.GetArgument<string>("categoryId") : null,
            label ? LabelsArgument(c.GetArgument<List<LocalizedLabelInput>?>("labels")) : null)));
        return mutation;
    }

    private static Dictionary<string, string>? LabelsArgument(List<LocalizedLabelInput>? labels)
    {
        if (labels is null)
            return null;
        var byLanguage = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            if (!byLanguage.TryAdd(label.Language, label.Label))
                throw new AppException(ErrorCodes.ValidationFailed, $"Labels: the language '{label.Language}' is given twice.");
        }

        return byLanguage;
    }

    public static void Add(ObjectGraphType mutation)
    {
        Field(mutation, "saveServiceCategory", "Creates or relabels a service category.", CatalogChange.SaveCategory, label: true, category: false);
        Field(mutation, "deleteServiceCategory", "Deletes a category and its services; users' settings forget it.", CatalogChange.DeleteCategory, label: false, category: false);
        Field(mutation, "saveRelyingParty", "Adds a service (SAML entityID or OIDC client_id) to a category, or relabels or moves it.", CatalogChange.SaveRelyingParty, label: true, category: true);
        Field(mutation, "removeRelyingParty", "Removes a service from the catalogue.", CatalogChange.RemoveRelyingParty, label: false, category: false);
    }
}
