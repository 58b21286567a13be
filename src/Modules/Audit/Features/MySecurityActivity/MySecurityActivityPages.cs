using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace MfaMonolith.Modules.Audit.Features.MySecurityActivity;

public sealed record ActivityRowModel(DateTimeOffset OccurredAt, string Type, string Actor, string? RelyingParty, string? ClientIp, string? Method, string? Reason);

internal static class MySecurityActivityPages
{
    public const string ActivityQuery = """
        query MySecurityActivity($after: String) {
          mySecurityActivity(first: 25, after: $after) {
            nodes { occurredAt type actor relyingParty clientIp method reason }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    internal sealed record PageInfoData(bool HasNextPage, string? EndCursor);

    internal sealed record Connection(IReadOnlyList<ActivityRowModel> Nodes, PageInfoData PageInfo);

    internal sealed record Data(Connection MySecurityActivity);

    public static void Map(IEndpointRouteBuilder pages)
    {
        pages.MapGet("/activity", async (string? after, IGraphQLClient graphql, CancellationToken ct) =>
        {
            var read = await graphql.ExecuteAsync<Data>(ActivityQuery, new { after }, ct);
            // A cursor that is not one this server gave out: start from the newest, rather than an error page.
            if (after is not null && !read.Succeeded)
                return PageResults.SeeOther("/activity");
            var activity = read.Require().MySecurityActivity;
            return PageResults.Page<MySecurityActivityPage>(new
            {
                Rows = activity.Nodes,
                Next = activity.PageInfo.HasNextPage ? activity.PageInfo.EndCursor : null,
                IsFirstPage = after is null,
            });
        });
    }
}
