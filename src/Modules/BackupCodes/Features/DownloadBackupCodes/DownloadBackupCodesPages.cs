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

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/backup-codes/pdf", async (HttpContext http, IGraphQLClient graphql, IConfiguration configuration, CancellationToken ct) =>
        {
            var codes = (await graphql.ExecuteAsync<Data>(CodesQuery, null, ct)).Require().MyBackupCodes;
            if (codes.Codes is null || codes.GeneratedAt is null)
                return PageResults.Page<CodesGonePage>(statusCode: StatusCodes.Status410Gone);
            var product = configuration["Mfa:Issuer"] ?? "MfaMonolith";
            var pdf = BackupCodesPdf.Render(product, http.User.RequireUserId(), codes.GeneratedAt.Value, codes.Codes);
            return Results.File(pdf, "application/pdf", $"backup-codes-{codes.GeneratedAt.Value.UtcDateTime:yyyy-MM-dd}.pdf");
        });

        pages.MapGet("/backup-codes/print", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var codes = (await graphql.ExecuteAsync<Data>(CodesQuery, null, ct)).Require().MyBackupCodes;
            if (codes.Codes is null || codes.GeneratedAt is null)
                return PageResults.Page<CodesGonePage>(statusCode: StatusCodes.Status410Gone);
            // "Back" goes to the start page, which resumes wherever the user is (no Referer: the policy sends none).
            return PageResults.Page<PrintBackupCodesPage>(new { codes.Codes, UserId = http.User.RequireUserId(), GeneratedAt = codes.GeneratedAt.Value, BackHref = "/" });
        });
    }
}
