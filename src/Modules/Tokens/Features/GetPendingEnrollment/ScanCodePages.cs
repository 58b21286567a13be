using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Tokens.Features.GetPendingEnrollment;

public sealed record PendingEnrollmentPageModel(string TokenId, string Description, string OtpauthUri, string SecretGrouped, string QrCodePngDataUri);

/// <summary>Shows the pending enrolment and takes the first code (the ConfirmEnrollment mutation).</summary>
internal static class ScanCodePages
{
    private const string PendingQuery = """
        query MyPendingEnrollment {
          myPendingEnrollment { tokenId description otpauthUri secretGrouped qrCodePngDataUri }
        }
        """;

    private const string ConfirmMutation = """
        mutation ConfirmTokenEnrollment($tokenId: ID!, $code: String!) {
          confirmTokenEnrollment(tokenId: $tokenId, code: $code) { tokenId isFirstToken }
        }
        """;

    private sealed record PendingData(PendingEnrollmentPageModel? MyPendingEnrollment);

    private sealed record Confirmed(string TokenId, bool IsFirstToken);

    private sealed record ConfirmData(Confirmed ConfirmTokenEnrollment);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/tokens/enrol", async (IGraphQLClient graphql, CancellationToken ct) =>
            PageResults.Page<ScanCodePage>(new { Enrollment = (await graphql.ExecuteAsync<PendingData>(PendingQuery, null, ct)).Require().MyPendingEnrollment }));

        pages.MapPost("/tokens/enrol", async ([FromForm] string? tokenId, [FromForm] string? code, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var result = await graphql.ExecuteAsync<ConfirmData>(ConfirmMutation, new { tokenId = tokenId ?? "", code = code ?? "" }, ct);
            if (result.Succeeded)
                return PageResults.SeeOther(TokenEnrolledRedirect.After(result.Data!.ConfirmTokenEnrollment.IsFirstToken));

            var pending = (await graphql.ExecuteAsync<PendingData>(PendingQuery, null, ct)).Require().MyPendingEnrollment;
            return PageResults.Page<ScanCodePage>(new { Enrollment = pending, Error = result.FirstError?.Message });
        });
    }
}

/// <summary>Where a verified token leads: the first one on to the rest of the first setup, another one back to the list.</summary>
internal static class TokenEnrolledRedirect
{
    public static string After(bool isFirstToken) => isFirstToken ? "/setup/verified" : "/tokens?enrolled=another";
}
