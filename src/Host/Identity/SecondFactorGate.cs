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

        endpoints.MapPost(PromptPath, async (HttpContext http, IGraphQLClient graphql, ISender sender, CancellationToken ct) =>
        {
            if (await StepUpForm.ReadAsync(http, ct) is not { } form)
                return Results.BadRequest();
            var returnUrl = form["returnUrl"].ToString();
            // The code (or the security key's answer) is verified through verifyStepUp, like any step-up.
            var failed = SecurityKeyFields.Read(form) is null && form[StepUpForm.CodeField].ToString().Trim().Length == 0
                ? new GraphQLError("Type the code your app shows now, or one of your backup codes.", ErrorCodes.ValidationFailed)
                : await StepUpForm.VerifyIfPresentAsync(form, graphql, ct);
            return failed is null
                ? PageResults.SeeOther(LocalRedirect.OrRoot(returnUrl))
                : PageResults.Page<SecondFactorPage>(new
                {
                    ReturnUrl = LocalRedirect.OrRoot(returnUrl),
                    Action = PromptPath,
                    Error = failed.Code == ErrorCodes.ValidationFailed ? "Type the code your app shows now, or one of your backup codes." : failed.Message,
                    BackupCodesLeft = await SecondFactorPage.BackupCodesLeftAsync(sender, http.User.FindUserId(), ct),
                });
        }).RequireAuthorization().RequireRateLimiting(EmbeddedSignInEndpoints.RateLimitPolicy);
        return endpoints;
    }

    private static bool IsOpen(PathString path) =>
        OpenPaths.Any(open => path.StartsWithSegments(open, StringComparison.OrdinalIgnoreCase))
        || path.StartsWithSegments("/lib") || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path == "/favicon.svg";
}
