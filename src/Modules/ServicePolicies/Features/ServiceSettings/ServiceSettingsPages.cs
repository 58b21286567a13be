using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace MfaMonolith.Modules.ServicePolicies.Features.ServiceSettings;

public sealed record CatalogService(string Id, string Label);

public sealed record CatalogCategory(string Id, string Label, IReadOnlyList<CatalogService> RelyingParties);

internal static class ServiceSettingsPages
{
    private const string SettingsQuery = """
        query ServiceSettings {
          serviceCatalog { id label relyingParties { id label } }
          myServiceSettings { mode includedCategories excludedRelyingParties status }
        }
        """;

    private const string SaveMutation = """
        mutation SaveServiceSettings($input: SaveServiceSettingsInput!) {
          saveServiceSettings(input: $input) { mode status }
        }
        """;

    private sealed record Settings(string Mode, IReadOnlyList<string> IncludedCategories, IReadOnlyList<string> ExcludedRelyingParties, string Status);

    private sealed record Data(IReadOnlyList<CatalogCategory> ServiceCatalog, Settings MyServiceSettings);

    private sealed record Saved(string Mode, string Status);

    private sealed record SavedData(Saved SaveServiceSettings);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/settings/services", async (bool? saved, IGraphQLClient graphql, CancellationToken ct) =>
            await RenderAsync(graphql, null, saved == true, null, ct));

        pages.MapPost("/settings/services", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is not { } form)
                return Results.BadRequest();
            var data = (await graphql.ExecuteAsync<Data>(SettingsQuery, null, ct)).Require();
            var categories = Values(form["category"]);
            var checkedServices = TickedServices(data.ServiceCatalog, categories, Values(form["shownCategory"]), Values(form["service"]));
            // Unchecked services of a checked category are the exclusions; services of unchecked categories do not matter.
            var excluded = data.ServiceCatalog.Where(c => categories.Contains(c.Id))
                .SelectMany(c => c.RelyingParties).Where(rp => !checkedServices.Contains(rp.Id)).Select(rp => rp.Id).ToList();
            var everythingTicked = data.ServiceCatalog.Count > 0 && data.ServiceCatalog.All(c => categories.Contains(c.Id)) && excluded.Count == 0;
            var all = MeansAllServices(form["scope"], form["shownScope"], everythingTicked);
            var input = new
            {
                all,
                includeCategories = all ? [] : categories.ToList(),
                excludeRelyingParties = all ? [] : excluded,
            };
            var attempted = new Settings(all ? "ALL" : "SELECTED", input.includeCategories, input.excludeRelyingParties, data.MyServiceSettings.Status);
            // A code typed here is verified for the session first (the step-up), then the settings are saved.
            if (await StepUpForm.VerifyIfPresentAsync(form, graphql, ct) is { } failed)
                return await RenderAsync(graphql, attempted, false, failed.Message, ct);
            var result = await graphql.ExecuteAsync<SavedData>(SaveMutation, new { input }, ct);
            if (result.Succeeded)
                return PageResults.SeeOther("/settings/services?saved=true");
            var error = result.FirstError.IsStepUpRequired()
                ? "Type the code your verification app shows now, or one of your backup codes, to save your settings."
                : result.FirstError?.Message;
            return await RenderAsync(graphql, attempted, false, error, ct);
        });
    }

    /// <summary>
    /// "All services" when the user chose that radio, or ticked every category with nothing excluded (as Perun saves
    /// it). A radio left as the page showed it says nothing: without JavaScript, ticking boxes does not move it, and the
    /// ticks are what the user meant. A form without <c>shownScope</c> (an older page) is taken by its radio.
    /// </summary>
    internal static bool MeansAllServices(string? scope, string? shownScope, bool everythingTicked) =>
        everythingTicked || (scope == "all" && scope != shownScope);

    /// <summary>
    /// The services that count as ticked. Without JavaScript, ticking a category ticks none of its services (site.js
    /// does that), so a category ticked now but shown unticked, with none of its services ticked, counts whole, as the
    /// page with a script would have ticked it. With site.js a ticked category always keeps a ticked service: unticking
    /// the last one unticks the category.
    /// </summary>
    internal static HashSet<string> TickedServices(IReadOnlyList<CatalogCategory> catalog, IReadOnlySet<string> categories,
        IReadOnlySet<string> shownCategories, IReadOnlySet<string> services)
    {
        var ticked = new HashSet<string>(services, StringComparer.Ordinal);
        foreach (var category in catalog.Where(c => categories.Contains(c.Id) && !shownCategories.Contains(c.Id)
                                                    && c.RelyingParties.All(rp => !services.Contains(rp.Id))))
            ticked.UnionWith(category.RelyingParties.Select(rp => rp.Id));
        return ticked;
    }

    private static HashSet<string> Values(StringValues values) =>
        values.Where(v => v is not null).Select(v => v!).ToHashSet(StringComparer.Ordinal);

    private static async Task<IResult> RenderAsync(IGraphQLClient graphql, Settings? shown, bool saved, string? error, CancellationToken ct)
    {
        var data = (await graphql.ExecuteAsync<Data>(SettingsQuery, null, ct)).Require();
        var settings = shown ?? data.MyServiceSettings;
        return PageResults.Page<ServiceSettingsPage>(new
        {
            Catalog = data.ServiceCatalog,
            settings.Mode,
            Included = settings.IncludedCategories,
            Excluded = settings.ExcludedRelyingParties,
            data.MyServiceSettings.Status,
            Saved = saved,
            StepUpValidUntil = await StepUpForm.ValidUntilAsync(graphql, ct),
            Error = error,
        });
    }
}
