using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace MfaMonolith.Modules.BackupCodes.Features.DownloadBackupCodes;

/// <summary>Download (PDF) and Print of the codes, possible only until the user confirms having saved them.</summary>
internal static class DownloadBackupCodesPages
{
    private const string CodesQuery = "query MyBackupCodesToSave { myBackupCodes { codes generatedAt acknowledged } }";

    private sealed record CodeSet(IReadOnlyList<string>? Codes, DateTimeOffset? GeneratedAt, bool Acknowledged);

    private sealed record Data(CodeSet MyBackupCodes);

    private const string SaveCodesAgain = "download or print your new backup codes";

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/backup-codes/pdf", (HttpContext http, IGraphQLClient graphql, IConfiguration configuration, CancellationToken ct) =>
            PdfAsync(http, null, graphql, configuration, ct));
        pages.MapPost("/backup-codes/pdf", async (HttpContext http, IGraphQLClient graphql, IConfiguration configuration, CancellationToken ct) =>
            await AfterStepUpAsync(http, graphql, form => PdfAsync(http, form, graphql, configuration, ct), ct));

        pages.MapGet("/backup-codes/print", (HttpContext http, IGraphQLClient graphql, CancellationToken ct) => PrintAsync(http, null, graphql, ct));
        pages.MapPost("/backup-codes/print", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
            await AfterStepUpAsync(http, graphql, form => PrintAsync(http, form, graphql, ct), ct));
    }

    private static async Task<IResult> PdfAsync(HttpContext http, IFormCollection? form, IGraphQLClient graphql, IConfiguration configuration, CancellationToken ct) =>
        await WithCodesAsync(http, form, graphql, codes =>
        {
            var product = configuration["Mfa:Issuer"] ?? "MfaMonolith";
            var pdf = BackupCodesPdf.Render(product, http.User.RequireUserId(), codes.GeneratedAt!.Value, codes.Codes!);
            return Results.File(pdf, "application/pdf", $"backup-codes-{codes.GeneratedAt.Value.UtcDateTime:yyyy-MM-dd}.pdf");
        }, ct);

    // "Back" goes to the start page, which resumes wherever the user is (no Referer: the policy sends none).
    private static async Task<IResult> PrintAsync(HttpContext http, IFormCollection? form, IGraphQLClient graphql, CancellationToken ct) =>
        await WithCodesAsync(http, form, graphql, codes =>
            PageResults.Page<PrintBackupCodesPage>(new { codes.Codes, UserId = http.User.RequireUserId(), GeneratedAt = codes.GeneratedAt!.Value, BackHref = "/" }), ct);

    /// <summary>The codes still to save, to <paramref name="answer"/>; the step-up prompt or "gone" otherwise.</summary>
    private static async Task<IResult> WithCodesAsync(HttpContext http, IFormCollection? form, IGraphQLClient graphql, Func<CodeSet, IResult> answer, CancellationToken ct)
    {
        var result = await graphql.ExecuteAsync<Data>(CodesQuery, null, ct);
        if (result.FirstError.IsStepUpRequired())
            return StepUpForm.Prompt(http.Request, form, SaveCodesAgain);
        var codes = result.Require().MyBackupCodes;
        return codes.Codes is null || codes.GeneratedAt is null ? PageResults.Page<CodesGonePage>(statusCode: StatusCodes.Status410Gone) : answer(codes);
    }

    /// <summary>The step-up prompt of a GET posts back here: verify its code, then answer as the GET would.</summary>
    private static async Task<IResult> AfterStepUpAsync(HttpContext http, IGraphQLClient graphql, Func<IFormCollection, Task<IResult>> answer, CancellationToken ct)
    {
        if (await StepUpForm.ReadAsync(http, ct) is not { } form)
            return Results.BadRequest();
        return await StepUpForm.VerifyIfPresentAsync(form, graphql, ct) is { } failed
            ? StepUpForm.Prompt(http.Request, form, SaveCodesAgain, failed.Message)
            : await answer(form);
    }
}
