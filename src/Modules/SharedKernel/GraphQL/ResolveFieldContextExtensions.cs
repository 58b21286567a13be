using GraphQL;
using Mediator;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Identity.StepUp;
using Microsoft.Extensions.DependencyInjection;

namespace MfaMonolith.SharedKernel.GraphQL;

/// <summary>Keeps resolvers to thin adapters: read arguments, send a request, return its result.</summary>
public static class ResolveFieldContextExtensions
{
    public static string RequireUserId(this IResolveFieldContext context) => context.User.RequireUserId();

    /// <summary>The session's step-up state, the one home of the "recent second factor" rule (ADR 0015).</summary>
    public static SessionStepUp StepUp(this IResolveFieldContext context) =>
        (context.RequestServices ?? throw new InvalidOperationException("GraphQL was executed without request services.")).GetRequiredService<SessionStepUp>();

    /// <summary>An administrator's id for a mutation: an admin session with a second factor, recent enough (step-up).</summary>
    public static async Task<string> RequireAdminStepUpAsync(this IResolveFieldContext context)
    {
        var adminId = context.User.RequireAdmin();
        await context.StepUp().RequireAsync("make this administrative change", context.CancellationToken);
        return adminId;
    }

    public static ValueTask<TResponse> Send<TResponse>(this IResolveFieldContext context, ICommand<TResponse> command) =>
        Sender(context).Send(command, context.CancellationToken);

    public static ValueTask<TResponse> Send<TResponse>(this IResolveFieldContext context, IQuery<TResponse> query) =>
        Sender(context).Send(query, context.CancellationToken);

    /// <summary>An <c>ID</c> argument that must be one of our ids; anything else is a clear validation error.</summary>
    public static Guid GetIdArgument(this IResolveFieldContext context, string name) => ParseId(context.GetArgument<string>(name), name);

    /// <summary>An id given in an input object's field <paramref name="name"/>, checked as <see cref="GetIdArgument"/> checks arguments.</summary>
    public static Guid ParseId(string? value, string name) =>
        Guid.TryParse(value, out var id)
            ? id
            : throw new AppException(ErrorCodes.ValidationFailed, $"'{name}' is not a valid id.");

    private static ISender Sender(IResolveFieldContext context) =>
        (context.RequestServices ?? throw new InvalidOperationException("GraphQL was executed without request services."))
            .GetRequiredService<ISender>();
}
