using GraphQL.Types;

namespace MfaMonolith.SharedKernel.GraphQL;

/// <summary>
/// A module's share of the one GraphQL schema: it adds its fields to the root Query and Mutation,
/// so the Host never has to know every field.
/// </summary>
public interface ISchemaContributor
{
    void AddQueryFields(ObjectGraphType query);

    void AddMutationFields(ObjectGraphType mutation);
}
