using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Tokens.Features.BeginEnrollment;

/// <summary>Seed steps 2–3: "you need a verification app", then the description.</summary>
internal static class BeginEnrollmentPages
{
    private const string Operation = """
        mutation BeginTokenEnrollment($description: String!) {
          beginTokenEnrollment(description: $description) { tokenId }
        }
        """;

    private sealed record Data(object BeginTokenEnrollment);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/tokens/new", () => PageResults.Page<NeedAppPage>());
        pages.MapGet("/tokens/new/description", () => PageResults.Page<DescriptionPage>());
        pages.MapPost("/tokens/new", async ([FromForm] string? description, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var result = await graphql.ExecuteAsync<Data>(Operation, new { description = description ?? "" }, ct);
            return result.Succeeded
                ? PageResults.SeeOther("/tokens/enrol")
                : PageResults.Page<DescriptionPage>(new { Description = description, Error = result.FirstError?.Message }, StatusCodes.Status200OK);
        });
    }
}
