using MfaMonolith.Modules.BackupCodes.Features.FirstSetup;
using MfaMonolith.Modules.BackupCodes.Features.GetMyBackupCodes;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.BackupCodes.Features.ManageBackupCodes;

/// <summary>"My backup codes": how many remain, and a new set (step-up) shown once with Download and Print.</summary>
internal static class ManageBackupCodesPages
{
    private sealed record Status(int Remaining, DateTimeOffset? GeneratedAt, bool Acknowledged, string? SetId, IReadOnlyList<string>? Codes);

    private sealed record StatusData(Status MyBackupCodes);

    private const string StatusQuery = "query MyBackupCodesStatus { myBackupCodes { remaining generatedAt acknowledged setId codes } }";

    private const string StatusOnlyQuery = "query MyBackupCodesCount { myBackupCodes { remaining generatedAt acknowledged setId } }";

    private static async Task<IResult> RenderAsync(HttpContext http, IFormCollection? form, bool saved, IGraphQLClient graphql, CancellationToken ct)
    {
        var result = await graphql.ExecuteAsync<StatusData>(StatusQuery, null, ct);
        // A new set that replaced a saved one shows its codes again only with the step-up (ADR 0015).
        if (result.FirstError.IsStepUpRequired())
            return StepUpForm.Prompt(http.Request, form, SeeCodesAgain);
        var status = result.Require().MyBackupCodes;
        // A new set that is not confirmed yet is still on screen until the user confirms it.
        if (status is { Acknowledged: false, Codes: not null, SetId: not null })
            return PageResults.Page<BackupCodesPage>(new { status.Codes, status.SetId, AcknowledgeAction = "/backup-codes/acknowledge" });
        return PageResults.Page<MyBackupCodesPage>(new { status.Remaining, status.GeneratedAt, Saved = saved, StepUpValidUntil = await StepUpForm.ValidUntilAsync(graphql, ct) });
    }

    private const string SeeCodesAgain = "see your new backup codes again";

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/backup-codes", async (bool? saved, HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
            await RenderAsync(http, null, saved == true, graphql, ct));

        // The step-up prompt of a new set's codes posts here, then the page is shown as by GET.
        pages.MapPost("/backup-codes", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is not { } form)
                return Results.BadRequest();
            return await StepUpForm.VerifyIfPresentAsync(form, graphql, ct) is { } failed
                ? StepUpForm.Prompt(http.Request, form, SeeCodesAgain, failed.Message)
                : await RenderAsync(http, form, false, graphql, ct);
        });

        pages.MapPost("/backup-codes/generate", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is not { } form)
                return Results.BadRequest();
            var error = await StepUpForm.VerifyIfPresentAsync(form, graphql, ct);
            if (error is null)
            {
                var result = await graphql.ExecuteAsync<FirstSetupPages.GeneratedData>(FirstSetupPages.GenerateMutation, null, ct);
                if (result.Succeeded)
                {
                    var set = result.Data!.GenerateBackupCodes;
                    return PageResults.Page<BackupCodesPage>(new { set.Codes, set.SetId, AcknowledgeAction = "/backup-codes/acknowledge" });
                }

                // Another tab made a set at the same moment and won: show that one, as a reload would.
                if (result.FirstError?.Code == ErrorCodes.Conflict)
                    return await RenderAsync(http, form, false, graphql, ct);

                error = result.FirstError.IsStepUpRequired()
                    ? new GraphQLError("Type the code your verification app shows now to confirm it is you.", result.FirstError!.Code)
                    : result.FirstError;
            }

            var status = (await graphql.ExecuteAsync<StatusData>(StatusOnlyQuery, null, ct)).Require().MyBackupCodes;
            return PageResults.Page<MyBackupCodesPage>(new
            {
                status.Remaining, status.GeneratedAt, StepUpValidUntil = await StepUpForm.ValidUntilAsync(graphql, ct), Error = error?.Message,
            });
        });

        pages.MapPost("/backup-codes/acknowledge", async ([FromForm] string? setId, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var result = await graphql.ExecuteAsync<FirstSetupPages.AcknowledgedData>(FirstSetupPages.AcknowledgeMutation, new { setId = setId ?? "" }, ct);
            return result.Succeeded
                ? PageResults.SeeOther("/backup-codes?saved=true")
                : PageResults.Page<CodesGoneOrMissingPage>(new { Message = result.FirstError?.Message }, StatusCodes.Status409Conflict);
        });
    }
}
