namespace MfaMonolith.Host.Security;

/// <summary>
/// Outside Development the product answers only HTTPS (after <c>Mfa:ReverseProxy</c> has said what the client used).
/// Its cookies are <c>Secure</c> there, so over plain HTTP no sign-in could work: rather than failing in the antiforgery
/// system with a 500, a plain-HTTP request gets a 400 that says which setting is missing, and the operator a warning.
/// The health endpoints stay open: load balancers often probe them over plain HTTP.
/// </summary>
internal static class HttpsOnly
{
    public const string Message =
        "This server answers HTTPS only. Behind a TLS-terminating proxy or load balancer, list its address in " +
        "Mfa:ReverseProxy:KnownProxies (or its network in Mfa:ReverseProxy:KnownNetworks) so that its X-Forwarded-Proto is believed.";

    public static IApplicationBuilder UseHttpsOnlyOutsideDevelopment(this IApplicationBuilder app, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
            return app;
        var warned = 0;
        return app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }

            // Once per process: every request would say the same, and a flood of them must not flood the log.
            if (Interlocked.Exchange(ref warned, 1) == 0)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("MfaMonolith.Security")
                    .LogWarning("A plain-HTTP request from {Client} was refused: {Message}", context.Connection.RemoteIpAddress, Message);
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(Message, context.RequestAborted);
        });
    }
}
