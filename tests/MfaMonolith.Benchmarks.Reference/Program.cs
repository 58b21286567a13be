using MfaMonolith.Benchmarks.Reference;

// Kestrel as the Host configures it (no Server header), and no middleware at all: one terminal delegate answers both
// references, so that nothing but Kestrel (and, for /graphql, GraphQL.NET) stands between wrk and the answer.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddReferenceGraphQL();

var app = builder.Build();
var graphql = app.Services.GetRequiredService<ReferenceGraphQL>();
app.Run(context => context.Request.Path.Value switch
{
    "/plaintext" => Plaintext.WriteAsync(context),
    "/graphql" when HttpMethods.IsPost(context.Request.Method) => graphql.ExecuteAsync(context),
    _ => NotFound(context),
});
await app.RunAsync();

static Task NotFound(HttpContext context)
{
    context.Response.StatusCode = StatusCodes.Status404NotFound;
    return Task.CompletedTask;
}
