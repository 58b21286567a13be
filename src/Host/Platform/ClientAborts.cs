using Microsoft.AspNetCore.Connections;

namespace MfaMonolith.Host.Platform;

/// <summary>
/// A client that sends less body than it announced, or goes away while its request is read (a closed tab, the end of
/// a load test), is no fault of the server: it is logged as information, not as an unhandled exception at error
/// level, where an operator's alerting would page on it. One place for every endpoint that reads a body (GraphQL, the
/// forms and the antiforgery check that reads them).
/// </summary>
internal static class ClientAborts
{
    public static IApplicationBuilder UseClientAbortLogging(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (IsClientFault(ex, context))
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClientAborts).FullName!)
                    .LogInformation("The client of {Method} {Path} sent an incomplete request or went away: {Reason}",
                        context.Request.Method, context.Request.Path, ex.Message);
                // Nothing more is said to a client that left; one that sent a malformed body still learns its status.
                if (!context.Response.HasStarted && ex is BadHttpRequestException bad)
                    context.Response.StatusCode = bad.StatusCode;
            }
        });

    private static bool IsClientFault(Exception ex, HttpContext context) => ex switch
    {
        // Kestrel's own verdict on what the client sent: an early end of the body, a body over the limit.
        BadHttpRequestException => true,
        ConnectionResetException => true,
        // Anything else counts only when the client is gone; the same exception with the client still there is a bug.
        OperationCanceledException or IOException => context.RequestAborted.IsCancellationRequested,
        _ => false,
    };
}
