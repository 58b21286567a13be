using MfaMonolith.Modules.Tokens.Features.ListMyTokens;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Tokens.Features.RenameToken;

internal static class RenameTokenPages
{
    private const string RenameMutation = """
        mutation RenameToken($tokenId: ID!, $description: String!) {
          renameToken(tokenId: $tokenId, description: $description) { id description createdAt lastUsedAt kind }
        }
        """;

    private sealed record Data(TokenRowModel RenameToken);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/tokens/{tokenId}/rename", async (string tokenId, HttpRequest request, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var mine = (await graphql.ExecuteAsync<MyTokensPages.Data>(MyTokensPages.MyTokensQuery, null, ct)).Require();
            var token = mine.MyTokens.FirstOrDefault(t => t.Id == tokenId);
            return token is null
                ? PageResults.NotFound("You have no such token. It may have been removed.")
                : PageResults.Page<RenameTokenForm>(new { TokenId = tokenId, token.Description, AsRow = request.WantsFragment() });
        });

        pages.MapPost("/tokens/{tokenId}/rename", async (string tokenId, [FromForm] string? description, HttpRequest request, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var result = await graphql.ExecuteAsync<Data>(RenameMutation, new { tokenId, description = description ?? "" }, ct);
            var asRow = request.WantsFragment();
            if (!result.Succeeded)
                return PageResults.Page<RenameTokenForm>(new { TokenId = tokenId, Description = description, Error = result.FirstError?.Message, AsRow = asRow });
            return asRow ? PageResults.Page<TokenRow>(new { Token = result.Data!.RenameToken }) : PageResults.SeeOther("/tokens");
        });
    }
}
