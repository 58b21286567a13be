using GraphQL;
using Mediator;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel.GraphQL;

/// <summary>Keeps resolvers to thin adapters: read arguments, send a request, return its result.</summary>
public static class ResolveFieldContextExtensions
{
    public static string RequireUserId(this IResolveFieldContext context) => context.User.RequireUserId();

    public static ValueTask<TResponse> Send<TResponse>(this IResolveFieldContext context, ICommand<TResponse> command) =>
        Sender(context).Send(command, context.CancellationToken);

    public static ValueTask<TResponse> Send<TResponse>(this IResolveFieldContext context, IQuery<TResponse> query) =>
        Sender(context).Send(query, context.CancellationToken);

    /// <summary>An <c>ID</c> argument that must be one of our ids; anything else is a clear validation error.</summary>
    public static Guid GetIdArgument(this IResolveFieldContext context, string name) =>
        Guid.TryParse(context.GetArgument<string>(name), out var id)
            ? id
            : throw new AppException(ErrorCodes.ValidationFailed, $"'{name}' is not a valid id.");

    private static ISender Sender(IResolveFieldContext context) =>
        (context.RequestServices ?? throw new InvalidOperationException("GraphQL was executed without request services."))
            .GetRequiredService<ISender>();
}
