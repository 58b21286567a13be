using System.Security.Claims;
using Mediator;
using MfaMonolith.Host.Identity.EmbeddedSignIn;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.GraphQL;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;

namespace MfaMonolith.Host.Identity;

/// <summary>
/// Where site.js gets a challenge for "Use a security key": for the signed-in session (step-up, or the second factor
/// it still owes), and for the embedded sign-in before any session exists. POST with the form's antiforgery token: a
/// challenge is state, and only the page's own script may ask for one.
/// </summary>
internal static class SecurityKeyChallengeEndpoints
{
    public const string SignInChallengeUrl = "/signin/second-factor/security-key";

    private const string BeginMutation = "mutation BeginMySecurityKeyAssertion { beginMySecurityKeyAssertion { challengeId optionsJson } }";

    private sealed record Challenge(string ChallengeId, string OptionsJson);

    private sealed record Data(Challenge? BeginMySecurityKeyAssertion);

    public static IEndpointRouteBuilder MapSecurityKeyChallenges(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SecurityKeyFields.SessionChallengeUrl, async (HttpContext http, IAntiforgery antiforgery, IGraphQLClient graphql, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            var result = await graphql.ExecuteAsync<Data>(BeginMutation, null, ct);
            return result.Data?.BeginMySecurityKeyAssertion is { } challenge
                ? Answer(challenge.ChallengeId, challenge.OptionsJson)
                : NoKey(result.FirstError?.Message);
        }).RequireAuthorization().RequireRateLimiting(EmbeddedSignInEndpoints.RateLimitPolicy);

        endpoints.MapPost(SignInChallengeUrl, async (HttpContext http, IAntiforgery antiforgery, ISender sender, CancellationToken ct) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            var pending = await http.AuthenticateAsync(AuthenticationSetup.PendingSecondFactorScheme);
            if (pending.Principal?.FindFirstValue(UserClaims.UserId) is not { } userId)
                return Results.Unauthorized();
            return await sender.Send(new BeginSecurityKeyAssertion(userId, SecurityKeyChannel.Session), ct) is { } challenge
                ? Answer(challenge.ChallengeId.ToString(), challenge.OptionsJson)
                : NoKey(null);
        }).RequireRateLimiting(EmbeddedSignInEndpoints.RateLimitPolicy);
        return endpoints;
    }

    /// <summary>The options are passed through as the JSON they are (navigator.credentials.get's publicKey).</summary>
    private static IResult Answer(string challengeId, string optionsJson) =>
        Results.Text($$"""{"challengeId":"{{challengeId}}","options":{{optionsJson}}}""", "application/json");

    private static IResult NoKey(string? message) =>
        Results.Json(new { error = message ?? "You have no security key registered. Type a code instead." }, statusCode: StatusCodes.Status409Conflict);
}
