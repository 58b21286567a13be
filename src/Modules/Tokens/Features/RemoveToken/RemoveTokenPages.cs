using MfaMonolith.Modules.Tokens.Features.ListMyTokens;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Tokens.Features.RemoveToken;

internal static class RemoveTokenPages
{
    private const string RemoveMutation = """
        mutation RemoveToken($tokenId: ID!, $code: String!) {
          removeToken(tokenId: $tokenId, code: $code) { removedTokenId mfaTurnedOff }
        }
        """;

    private sealed record Removed(string RemovedTokenId, bool MfaTurnedOff);

    private sealed record Data(Removed RemoveToken);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/tokens/{tokenId}/remove", async (string tokenId, IGraphQLClient graphql, CancellationToken ct) =>
            await Render(tokenId, null, graphql, ct));

        pages.MapPost("/tokens/{tokenId}/remove", async (string tokenId, [FromForm] string? code, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var result = await graphql.ExecuteAsync<Data>(RemoveMutation, new { tokenId, code = code ?? "" }, ct);
            return result.Succeeded
                ? PageResults.SeeOther(result.Data!.RemoveToken.MfaTurnedOff ? "/tokens?removed=last" : "/tokens?removed=one")
                : await Render(tokenId, result.FirstError?.Message, graphql, ct);
        });
    }

    private static async Task<IResult> Render(string tokenId, string? error, IGraphQLClient graphql, CancellationToken ct)
    {
        var mine = (await graphql.ExecuteAsync<MyTokensPages.Data>(MyTokensPages.MyTokensQuery, null, ct)).Require();
        var token = mine.MyTokens.FirstOrDefault(t => t.Id == tokenId);
        return token is null
            ? PageResults.NotFound("You have no such token. It may have been removed.")
            : PageResults.Page<RemoveTokenPage>(new { TokenId = tokenId, token.Description, IsLastToken = mine.MyTokens.Count == 1, Error = error });
    }
}
