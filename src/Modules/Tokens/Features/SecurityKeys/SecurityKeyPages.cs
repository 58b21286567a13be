using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Tokens.Features.SecurityKeys;

/// <summary>"Add a security key": a description and the step-up, then the browser's ceremony, then the key is active.</summary>
internal static class SecurityKeyPages
{
    private const string BeginMutation = """
        mutation BeginSecurityKeyRegistration($description: String!) {
          beginSecurityKeyRegistration(description: $description) { challengeId optionsJson }
        }
        """;

    private const string CompleteMutation = """
        mutation CompleteSecurityKeyRegistration($challengeId: ID!, $credential: String!) {
          completeSecurityKeyRegistration(challengeId: $challengeId, credential: $credential) { id }
        }
        """;

    private const string AddASecurityKey = "add a security key";

    private sealed record Challenge(string ChallengeId, string OptionsJson);

    private sealed record BeginData(Challenge BeginSecurityKeyRegistration);

    private sealed record CompleteData(object CompleteSecurityKeyRegistration);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/tokens/security-key/new", async (IGraphQLClient graphql, CancellationToken ct) =>
            PageResults.Page<NewSecurityKeyPage>(new { StepUpValidUntil = await StepUpForm.ValidUntilAsync(graphql, ct) }));

        pages.MapPost("/tokens/security-key/new", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is not { } form)
                return Results.BadRequest();
            var description = form["description"].ToString();
            if (await StepUpForm.VerifyIfPresentAsync(form, graphql, ct) is { } failed)
                return await FormAgainAsync(description, null, failed.Message, graphql, ct);
            var result = await graphql.ExecuteAsync<BeginData>(BeginMutation, new { description }, ct);
            if (result.FirstError.IsStepUpRequired())
                return StepUpForm.Prompt(http.Request, form, AddASecurityKey);
            return result.Succeeded
                ? PageResults.Page<TouchSecurityKeyPage>(new
                {
                    result.Data!.BeginSecurityKeyRegistration.ChallengeId, result.Data.BeginSecurityKeyRegistration.OptionsJson,
                })
                : await FormAgainAsync(description, result.FirstError?.Message, null, graphql, ct);
        });

        pages.MapPost("/tokens/security-key/complete", async (HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is not { } form)
                return Results.BadRequest();
            var result = await graphql.ExecuteAsync<CompleteData>(CompleteMutation,
                new { challengeId = form["challengeId"].ToString(), credential = form["credential"].ToString() }, ct);
            return result.Succeeded
                ? PageResults.SeeOther("/tokens?enrolled=key")
                : await FormAgainAsync(null, result.FirstError?.Message, null, graphql, ct);
        });
    }

    private static async Task<IResult> FormAgainAsync(string? description, string? error, string? codeError, IGraphQLClient graphql, CancellationToken ct) =>
        PageResults.Page<NewSecurityKeyPage>(new
        {
            Description = description, Error = error, CodeError = codeError, StepUpValidUntil = await StepUpForm.ValidUntilAsync(graphql, ct),
        });
}
