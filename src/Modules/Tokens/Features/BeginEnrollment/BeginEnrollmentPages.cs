using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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

    private const string AddAnotherToken = "add another token";

    private sealed record Data(object BeginTokenEnrollment);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/tokens/new", () => PageResults.Page<NeedAppPage>());
        pages.MapGet("/tokens/new/description", () => PageResults.Page<DescriptionPage>());
        pages.MapPost("/tokens/new", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is not { } form)
                return Results.BadRequest();
            var description = form["description"].ToString();
            // Adding a token beside an active one needs the step-up: the prompt keeps the description and carries on.
            if (await StepUpForm.VerifyIfPresentAsync(form, graphql, ct) is { } failed)
                return StepUpForm.Prompt(http.Request, form, AddAnotherToken, failed.Message);
            var result = await graphql.ExecuteAsync<Data>(Operation, new { description }, ct);
            if (result.FirstError.IsStepUpRequired())
                return StepUpForm.Prompt(http.Request, form, AddAnotherToken);
            return result.Succeeded
                ? PageResults.SeeOther("/tokens/enrol")
                : PageResults.Page<DescriptionPage>(new { Description = description, Error = result.FirstError?.Message }, StatusCodes.Status200OK);
        });
    }
}
