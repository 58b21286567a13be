using GraphQL.Types;

namespace MfaMonolith.SharedKernel.GraphQL;

/// <summary>Cursor paging: whether more follows, and the cursor to pass as <c>after</c> for it.</summary>
public sealed record PageInfo(bool HasNextPage, string? EndCursor);

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field<NonNullGraphType<BooleanGraphType>>("hasNextPage").Resolve(c => c.Source.HasNextPage);
        Field<StringGraphType>("endCursor").Description("Pass as `after` for the next page.").Resolve(c => c.Source.EndCursor);
    }
}
