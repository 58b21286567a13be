using MfaMonolith.Modules.Tokens.Features.ListMyTokens;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Tokens.Features.RemoveToken;

internal static class RemoveTokenPages
{
    private const string RemoveMutation = """
        mutation RemoveToken($tokenId: ID!, $confirmLastTotp: Boolean) {
          removeToken(tokenId: $tokenId, confirmLastTotp: $confirmLastTotp) { removedTokenId mfaTurnedOff }
        }
        """;

    private sealed record Removed(string RemovedTokenId, bool MfaTurnedOff);

    private sealed record Data(Removed RemoveToken);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/tokens/{tokenId}/remove", async (string tokenId, IGraphQLClient graphql, CancellationToken ct) =>
            await Render(tokenId, null, graphql, ct));

        pages.MapPost("/tokens/{tokenId}/remove", async (string tokenId, HttpContext http, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is not { } form)
                return Results.BadRequest();
            if (await StepUpForm.VerifyIfPresentAsync(form, graphql, ct) is { } failed)
                return await Render(tokenId, failed.Message, graphql, ct);
            var result = await graphql.ExecuteAsync<Data>(RemoveMutation, new { tokenId, confirmLastTotp = form["confirmLastTotp"] == "true" }, ct);
            return result.Succeeded
                ? PageResults.SeeOther(result.Data!.RemoveToken.MfaTurnedOff ? "/tokens?removed=last" : "/tokens?removed=one")
                : await Render(tokenId, result.FirstError.IsStepUpRequired() ? "Type the code your app shows now to confirm it is you." : result.FirstError?.Message, graphql, ct);
        });
    }

    private static async Task<IResult> Render(string tokenId, string? error, IGraphQLClient graphql, CancellationToken ct)
    {
        var mine = (await graphql.ExecuteAsync<MyTokensPages.Data>(MyTokensPages.MyTokensQuery, null, ct)).Require();
        var token = mine.MyTokens.FirstOrDefault(t => t.Id == tokenId);
        return token is null
            ? PageResults.NotFound("You have no such token. It may have been removed.")
            : PageResults.Page<RemoveTokenPage>(new
            {
                TokenId = tokenId, token.Description, IsLastToken = mine.MyTokens.Count == 1, StepUpValidUntil = await StepUpForm.ValidUntilAsync(graphql, ct), Error = error,
                // Without its last verification app the account is reached with a security key only: the user says so first.
                IsLastTotpBesideKeys = !token.IsSecurityKey && mine.MyTokens.Count(t => !t.IsSecurityKey) == 1 && mine.MyTokens.Any(t => t.IsSecurityKey),
            });
    }
}
