using Mediator;
using MfaMonolith.Host.Identity.EmbeddedSignIn;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Mvc;

namespace MfaMonolith.Host.Identity;

/// <summary>
/// A session that owes its second factor (<see cref="UserClaims.SecondFactorPending"/>: the user has an active token,
/// the session never verified one — an OpenID Connect sign-in without MFA, or a session from before the user's first
/// token) reaches no page but this prompt (ADR 0015). Over GraphQL every user field answers SECOND_FACTOR_REQUIRED
/// except <c>verifyStepUp</c>, which is how this prompt verifies the code too.
/// </summary>
internal static class SecondFactorGate
{
    public const string PromptPath = "/second-factor";

    private const string VerifyMutation = "mutation VerifySessionSecondFactor($code: String!) { verifyStepUp(code: $code) { verifiedAt } }";

    private sealed record Verified(DateTimeOffset VerifiedAt);

    private sealed record Data(Verified VerifyStepUp);

    /// <summary>What a session that owes its second factor may still reach: the prompt, Log out, the API, and the platform's endpoints.</summary>
    private static readonly string[] OpenPaths = [PromptPath, "/signout", "/signout-oidc", "/signin-oidc", "/signout-callback-oidc", "/signed-out", "/graphql", "/health", "/error", "/help"];

    public static IApplicationBuilder UseSecondFactorGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.HasClaim(c => c.Type == UserClaims.SecondFactorPending) && !IsOpen(context.Request.Path))
        {
            var returnUrl = context.Request.Path + context.Request.QueryString;
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = PromptPath + "?returnUrl=" + Uri.EscapeDataString(HttpMethods.IsGet(context.Request.Method) ? returnUrl : "/");
            return;
        }

        await next(context);
    });

    public static IEndpointRouteBuilder MapSecondFactorPrompt(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(PromptPath, async (string? returnUrl, HttpContext http, ISender sender, CancellationToken ct) =>
            http.User.HasClaim(c => c.Type == UserClaims.SecondFactorPending)
                ? PageResults.Page<SecondFactorPage>(new
                {
                    ReturnUrl = LocalRedirect.OrRoot(returnUrl),
                    Action = PromptPath,
                    BackupCodesLeft = await SecondFactorPage.BackupCodesLeftAsync(sender, http.User.FindUserId(), ct),
                })
                : PageResults.SeeOther(LocalRedirect.OrRoot(returnUrl)))
            .RequireAuthorization();

        endpoints.MapPost(PromptPath, async ([FromForm] string? code, [FromForm] string? returnUrl, HttpContext http, IGraphQLClient graphql, ISender sender,
            CancellationToken ct) =>
        {
            var result = await graphql.ExecuteAsync<Data>(VerifyMutation, new { code = code ?? "" }, ct);
            return result.Succeeded
                ? PageResults.SeeOther(LocalRedirect.OrRoot(returnUrl))
                : PageResults.Page<SecondFactorPage>(new
                {
                    ReturnUrl = LocalRedirect.OrRoot(returnUrl),
                    Action = PromptPath,
                    Error = result.FirstError?.Code == ErrorCodes.ValidationFailed
                        ? "Type the code your app shows now, or one of your backup codes."
                        : result.FirstError?.Message,
                    BackupCodesLeft = await SecondFactorPage.BackupCodesLeftAsync(sender, http.User.FindUserId(), ct),
                });
        }).RequireAuthorization().RequireRateLimiting(EmbeddedSignInEndpoints.RateLimitPolicy);
        return endpoints;
    }

    private static bool IsOpen(PathString path) =>
        OpenPaths.Any(open => path.StartsWithSegments(open, StringComparison.OrdinalIgnoreCase))
        || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path == "/favicon.svg";
}
