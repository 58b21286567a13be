using GraphQL;
using GraphQL.Instrumentation;
using MfaMonolith.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Turns a module's <see cref="AppException"/> into a GraphQL error with its message and stable code, and a lost
/// optimistic-concurrency race into <c>CONFLICT</c>.
/// </summary>
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
        catch (DbUpdateConcurrencyException)
        {
            // Optimistic concurrency: another request (on this or another instance) changed the same thing first, and
            // nothing of this one was saved.
            throw new ExecutionError("This was changed at the same moment by another request; nothing was saved. Reload and try again.") { Code = ErrorCodes.Conflict };
        }
    }
}
