
namespace MfaMonolith.Host.GraphQL;

/// <summary>
/// Browser-based GraphQL tools served from another origin (an admin's Altair or Banana Cake Pop on the web) may call
/// <c>/graphql</c> only from the origins an operator lists in <c>Mfa:Cors:AllowedOrigins</c>; none by default. Those
/// origins act with the browser's session, so a wildcard is refused.
/// </summary>
internal static class GraphQLCors
{
    private const string PolicyName = "graphql-tools";
    private const string Key = "Mfa:Cors:AllowedOrigins";

    public static IServiceCollection AddGraphQLCors(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = (configuration.GetSection(Key).Get<string[]>() ?? []).Select(o => o.Trim().TrimEnd('/')).Where(o => o.Length > 0).ToArray();
        foreach (var origin in origins)
        {
            if (origin == "*" || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                throw new InvalidOperationException($"{Key}: '{origin}' is not an origin. List each origin in full (scheme, host and port, no path), e.g. https://ide.example.org; '*' is not allowed.");
        }

        services.AddSingleton(new AllowedOrigins(origins));
        services.AddCors(cors => cors.AddPolicy(PolicyName, policy => policy
            .WithOrigins(origins)
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Content-Type", "Accept", "Authorization")
            .AllowCredentials()
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    /// <summary>Only on <c>/graphql</c>: the pages and the IDE stay same-origin.</summary>
    public static void UseGraphQLCors(this WebApplication app)
    {
        if (app.Services.GetRequiredService<AllowedOrigins>().Origins.Length == 0)
            return;
        app.UseWhen(context => context.Request.Path.Equals(GraphQLHttpEndpoint.Path, StringComparison.Ordinal), branch => branch.UseCors(PolicyName));
    }

    private sealed record AllowedOrigins(string[] Origins);
}
