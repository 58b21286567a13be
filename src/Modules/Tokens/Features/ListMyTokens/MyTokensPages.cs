using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Tokens.Features.ListMyTokens;

/// <param name="Kind">TOTP, or WEBAUTHN for a security key or passkey.</param>
public sealed record TokenRowModel(string Id, string Description, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, string Kind = TokenRowModel.Totp)
{
    public const string Totp = "TOTP";

    public const string SecurityKey = "WEBAUTHN";

    public bool IsSecurityKey => Kind == SecurityKey;
}

internal static class MyTokensPages
{
    public const string MyTokensQuery = """
        query MyTokens {
          myTokens { id description createdAt lastUsedAt kind }
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
                // A key is added beside a verification app, never as the first token (as in Perun).
                CanAddSecurityKey = data.MyTokens.Any(t => !t.IsSecurityKey),
                Enrolled = enrolled,
                Removed = removed,
                BackupCodesLeft = data.MyBackupCodes is { } codes
                    ? FewBackupCodesWarning.LeftToWarnAbout(data.MyTokens.Count > 0, codes.Remaining, codes.Acknowledged)
                    : null,
            });
        });
    }
}
