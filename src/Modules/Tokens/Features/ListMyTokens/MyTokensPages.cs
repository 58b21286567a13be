using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Tokens.Features.ListMyTokens;

public sealed record TokenRowModel(string Id, string Description, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

internal static class MyTokensPages
{
    public const string MyTokensQuery = """
        query MyTokens {
          myTokens { id description createdAt lastUsedAt }
          myPendingEnrollment { tokenId }
          myBackupCodes { remaining acknowledged }
        }
        """;

    internal sealed record Pending(string TokenId);

    internal sealed record BackupCodes(int Remaining, bool Acknowledged);

    internal sealed record Data(IReadOnlyList<TokenRowModel> MyTokens, Pending? MyPendingEnrollment, BackupCodes? MyBackupCodes);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/tokens", async (string? enrolled, string? removed, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var data = (await graphql.ExecuteAsync<Data>(MyTokensQuery, null, ct)).Require();
            return PageResults.Page<MyTokensPage>(new
            {
                Tokens = data.MyTokens,
                Enrolled = enrolled,
                Removed = removed,
                BackupCodesLeft = data.MyBackupCodes is { } codes
                    ? FewBackupCodesWarning.LeftToWarnAbout(data.MyTokens.Count > 0, codes.Remaining, codes.Acknowledged)
                    : null,
            });
        });
    }
}
