using MfaMonolith.SharedKernel.Errors;

namespace MfaMonolith.SharedKernel.GraphQL;

/// <summary>
/// Runs an operation of the product's own GraphQL schema in process, as the current HTTP request's user.
/// The pages use it for every action, so they share the API's authorization path and validators.
/// </summary>
public interface IGraphQLClient
{
    Task<GraphQLResult<TData>> ExecuteAsync<TData>(string document, object? variables = null, CancellationToken cancellationToken = default)
        where TData : class;
}

public sealed record GraphQLError(string Message, string? Code);

public sealed record GraphQLResult<TData>(TData? Data, IReadOnlyList<GraphQLError> Errors)
    where TData : class
{
    public bool Succeeded => Errors.Count == 0 && Data is not null;

    public GraphQLError? FirstError => Errors.Count > 0 ? Errors[0] : null;

    /// <summary>The data of a successful result; otherwise the first error as an exception.</summary>
    public TData Require() => Succeeded
        ? Data!
        : throw new AppException(FirstError?.Code ?? ErrorCodes.Internal, FirstError?.Message ?? "The operation returned no data.");
}
