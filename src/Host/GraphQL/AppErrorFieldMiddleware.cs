using GraphQL;
using GraphQL.Instrumentation;
using MfaMonolith.SharedKernel.Errors;

namespace MfaMonolith.Host.GraphQL;

/// <summary>Turns a module's <see cref="AppException"/> into a GraphQL error with its message and stable code.</summary>
internal sealed class AppErrorFieldMiddleware : IFieldMiddleware
{
    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AppException error)
        {
            throw new ExecutionError(error.Message) { Code = error.Code };
        }
    }
}
