using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;

namespace MfaMonolith.Host.Pages;

/// <summary>
/// The start page sends the user to where they are in the journey, from stored state only, so an unfinished setup
/// resumes where it stopped after signing in again: enrolment → backup codes → the token list.
/// </summary>
internal static class StartPage
{
    private const string JourneyQuery = """
        query Journey {
          myPendingEnrollment { tokenId }
          myTokens { id }
          myBackupCodes { acknowledged }
        }
        """;

    private sealed record Pending(string TokenId);

    private sealed record Token(string Id);

    private sealed record BackupCodes(bool Acknowledged);

    private sealed record Data(Pending? MyPendingEnrollment, IReadOnlyList<Token> MyTokens, BackupCodes MyBackupCodes);

    public static IEndpointRouteBuilder MapStartPage(this IEndpointRouteBuilder pages)
    {
        pages.MapGet("/", async (IGraphQLClient graphql, CancellationToken ct) =>
        {
            var journey = (await graphql.ExecuteAsync<Data>(JourneyQuery, null, ct)).Require();
            if (journey.MyTokens.Count == 0)
                return PageResults.SeeOther(journey.MyPendingEnrollment is null ? "/tokens/new" : "/tokens/enrol");
            if (!journey.MyBackupCodes.Acknowledged)
                return PageResults.SeeOther("/setup/backup-codes");
            return PageResults.SeeOther(journey.MyPendingEnrollment is null ? "/tokens" : "/tokens/enrol");
        });
        return pages;
    }
}
