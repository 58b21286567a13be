using System.Globalization;
using GraphQL;
using GraphQL.Types;
using Mediator;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;
using MfaMonolith.Modules.ServicePolicies.Features.ManageCatalog;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.GraphQL;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.ServiceSettings;

/// <param name="Labels">Per language, at least the default language's (<see cref="CatalogueLabels"/>).</param>
internal sealed record CategoryView(string Id, string Label, IReadOnlyList<RelyingPartyView> RelyingParties, IReadOnlyDictionary<string, string> Labels)
{
    public string LabelFor(CultureInfo culture) => CatalogueLabels.For(Labels, Label, culture);
}

/// <inheritdoc cref="CategoryView"/>
internal sealed record RelyingPartyView(string Id, string Label, IReadOnlyDictionary<string, string> Labels)
{
    public string LabelFor(CultureInfo culture) => CatalogueLabels.For(Labels, Label, culture);
}

/// <param name="Status">ENFORCED_ALL, ENFORCED_PARTIALLY or OFF.</param>
internal sealed record ServiceSettingsView(MfaSettingMode Mode, IReadOnlyList<string> IncludedCategories, IReadOnlyList<string> ExcludedRelyingParties, string Status);

internal sealed record GetServiceCatalog : IQuery<IReadOnlyList<CategoryView>>;

internal sealed record GetMyServiceSettings(string UserId) : IQuery<ServiceSettingsView>;

internal sealed class GetServiceCatalogHandler(ServicePoliciesDbContext db) : IQueryHandler<GetServiceCatalog, IReadOnlyList<CategoryView>>
{
    public async ValueTask<IReadOnlyList<CategoryView>> Handle(GetServiceCatalog query, CancellationToken ct)
    {
        var categories = await db.Categories.AsNoTracking().Include(c => c.RelyingParties).ToListAsync(ct);
        return [.. categories.OrderBy(c => c.Label, StringComparer.CurrentCultureIgnoreCase)
            .Select(c => new CategoryView(c.Id, c.Label,
                [.. c.RelyingParties.OrderBy(rp => rp.Label, StringComparer.CurrentCultureIgnoreCase).Select(rp => new RelyingPartyView(rp.Id, rp.Label, rp.EffectiveLabels))],
                c.EffectiveLabels))];
    }
}

internal sealed class GetMyServiceSettingsHandler(ServicePoliciesDbContext db, ISender sender) : IQueryHandler<GetMyServiceSettings, ServiceSettingsView>
{
    public async ValueTask<ServiceSettingsView> Handle(GetMyServiceSettings query, CancellationToken ct)
    {
        var setting = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.UserId == query.UserId, ct);
        var hasToken = (await sender.Send(new GetTokenStatus(query.UserId), ct)).HasActiveToken;
        return new ServiceSettingsView(setting?.Mode ?? MfaSettingMode.None, setting?.IncludedCategories ?? [], setting?.ExcludedRelyingParties ?? [],
            MfaPolicy.Status(hasToken, setting));
    }
}

internal sealed class RelyingPartyType : ObjectGraphType<RelyingPartyView>
{
    public RelyingPartyType()
    {
        Name = "RelyingParty";
        Description = "A service behind the ProxyIdP: a SAML entityID or an OIDC client_id.";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("label").Description("The label in the catalogue's default language (en).").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LocalizedLabelType>>>>("labels").Description("The label in each language it has.")
            // A handful of languages, not a page of data: a list that must not weigh like one.
            .WithComplexityImpact(1, 1).Resolve(c => c.Source.Labels);
    }
}

internal sealed class ServiceCategoryType : ObjectGraphType<CategoryView>
{
    public ServiceCategoryType()
    {
        Name = "ServiceCategory";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("label").Description("The label in the catalogue's default language (en).").Resolve(c => c.Source.Label);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LocalizedLabelType>>>>("labels").Description("The label in each language it has.")
            // A handful of languages, not a page of data: a list that must not weigh like one.
            .WithComplexityImpact(1, 1).Resolve(c => c.Source.Labels);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RelyingPartyType>>>>("relyingParties").Resolve(c => c.Source.RelyingParties);
    }
}

internal sealed class MfaSettingModeType : EnumerationGraphType<MfaSettingMode>
{
    public MfaSettingModeType() => Name = "MfaSettingMode";
}

internal sealed class ServiceSettingsType : ObjectGraphType<ServiceSettingsView>
{
    public ServiceSettingsType()
    {
        Name = "ServiceSettings";
        Description = "Which services ask you for a second factor: all of them, or selected categories minus excluded services.";
        Field<NonNullGraphType<MfaSettingModeType>>("mode").Resolve(c => c.Source.Mode);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("includedCategories").Resolve(c => c.Source.IncludedCategories);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("excludedRelyingParties").Resolve(c => c.Source.ExcludedRelyingParties);
        Field<NonNullGraphType<StringGraphType>>("status").Description("ENFORCED_ALL, ENFORCED_PARTIALLY or OFF.").Resolve(c => c.Source.Status);
    }

    public static void AddQueryFields(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceCategoryType>>>>("serviceCatalog")
            .Description("The service categories and their relying parties.")
            .ResolveAsync(async c =>
            {
                c.RequireUserId();
                return await c.Send(new GetServiceCatalog());
            });
        query.Field<NonNullGraphType<ServiceSettingsType>>("myServiceSettings")
            .Description("Your MFA setting and the status it gives.")
            .ResolveAsync(async c => await c.Send(new GetMyServiceSettings(c.RequireUserId())));
    }
}
