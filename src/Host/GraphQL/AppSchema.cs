using GraphQL.Types;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Host.GraphQL;

/// <summary>The one schema: each module contributes its own fields to the root Query and Mutation.</summary>
internal sealed class AppSchema : Schema
{
    public AppSchema(IServiceProvider services, IEnumerable<ISchemaContributor> contributors)
        : base(services)
    {
        var query = new ObjectGraphType { Name = "Query" };
        var mutation = new ObjectGraphType { Name = "Mutation" };
        foreach (var contributor in contributors)
        {
            contributor.AddQueryFields(query);
            contributor.AddMutationFields(mutation);
        }

        Query = query;
        if (mutation.Fields.Count > 0)
            Mutation = mutation;
    }
}
