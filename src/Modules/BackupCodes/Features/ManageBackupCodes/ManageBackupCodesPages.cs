using MfaMonolith.Modules.BackupCodes.Features.FirstSetup;
using MfaMonolith.Modules.BackupCodes.Features.GetMyBackupCodes;
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

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/backup-codes", async (bool? saved, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var status = (await graphql.ExecuteAsync<StatusData>(StatusQuery, null, ct)).Require().MyBackupCodes;
            // A new set that is not confirmed yet is still on screen until the user confirms it.
            if (status is { Acknowledged: false, Codes: not null, SetId: not null })
                return PageResults.Page<BackupCodesPage>(new { status.Codes, status.SetId, AcknowledgeAction = "/backup-codes/acknowledge" });
            return PageResults.Page<MyBackupCodesPage>(new { status.Remaining, status.GeneratedAt, Saved = saved == true });
        });

        pages.MapPost("/backup-codes/generate", async ([FromForm] string? code, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var result = await graphql.ExecuteAsync<FirstSetupPages.GeneratedData>(FirstSetupPages.GenerateMutation, new { code = code ?? "" }, ct);
            if (result.Succeeded)
            {
                var set = result.Data!.GenerateBackupCodes;
                return PageResults.Page<BackupCodesPage>(new { set.Codes, set.SetId, AcknowledgeAction = "/backup-codes/acknowledge" });
            }

            var status = (await graphql.ExecuteAsync<StatusData>(StatusQuery, null, ct)).Require().MyBackupCodes;
            return PageResults.Page<MyBackupCodesPage>(new { status.Remaining, status.GeneratedAt, Error = result.FirstError?.Message });
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
