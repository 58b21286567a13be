using System.Security.Claims;
using Mediator;
using MfaMonolith.Host.Identity.Sessions;
using MfaMonolith.Modules.ServicePolicies.Contracts;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.Pages;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace MfaMonolith.Host.Identity.EmbeddedSignIn;

/// <summary>
/// The built-in sign-in: user name and password, then — once the user has an active token — a code typed now,
/// before any session exists. Tokens are never manageable with a password alone.
/// </summary>
internal static class EmbeddedSignInEndpoints
{
    public const string RateLimitPolicy = "sign-in";

    public static IEndpointRouteBuilder MapEmbeddedSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/signin", (string? returnUrl, bool? signedOut) =>
            PageResults.Page<SignInPage>(new { ReturnUrl = LocalRedirect.OrRoot(returnUrl), SignedOut = signedOut == true }));

        endpoints.MapPost("/signin", async ([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
            HttpContext http, EmbeddedAccounts accounts, ISender sender, IPublisher publisher, TimeProvider clock) =>
        {
            var account = accounts.Verify(username, password);
            var now = clock.GetUtcNow();
            if (account is null)
            {
                var attempted = username?.Trim() is { Length: > 0 and <= 256 } name ? name : null;
                await publisher.Publish(new SecurityEventOccurred(SecurityEventType.SignInFailed, attempted, "user:" + (attempted ?? "?"), now, Reason: "BAD_CREDENTIALS"));
                return PageResults.Page<SignInPage>(new { UserName = username, ReturnUrl = LocalRedirect.OrRoot(returnUrl), Error = "The username or password is incorrect." });
            }

            var status = await sender.Send(new GetTokenStatus(account.UserId));
            if (!status.HasActiveToken)
                return await CompleteSignInAsync(http, account, returnUrl, secondFactor: false);

            var pending = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(UserClaims.UserId, account.UserId), new Claim("mfa:admin", account.IsAdmin ? "1" : "0")], AuthenticationSetup.PendingSecondFactorScheme));
            await http.SignInAsync(AuthenticationSetup.PendingSecondFactorScheme, pending);
            return PageResults.SeeOther("/signin/second-factor?returnUrl=" + Uri.EscapeDataString(LocalRedirect.OrRoot(returnUrl)));
        }).RequireRateLimiting(RateLimitPolicy);

        endpoints.MapGet("/signin/second-factor", async (string? returnUrl, HttpContext http, ISender sender) =>
        {
            var pending = await http.AuthenticateAsync(AuthenticationSetup.PendingSecondFactorScheme);
            return pending.Principal?.FindFirstValue(UserClaims.UserId) is { } userId
                ? PageResults.Page<SecondFactorPage>(new
                {
                    ReturnUrl = LocalRedirect.OrRoot(returnUrl),
                    BackupCodesLeft = await SecondFactorPage.BackupCodesLeftAsync(sender, userId, http.RequestAborted),
                    UserId = userId,
                    ChallengeUrl = SecurityKeyChallengeEndpoints.SignInChallengeUrl,
                })
                : PageResults.SeeOther("/signin");
        });

        endpoints.MapPost("/signin/second-factor", async ([FromForm] string? code, [FromForm] string? returnUrl,
            [FromForm(Name = SecurityKeyFields.Challenge)] string? keyChallenge, [FromForm(Name = SecurityKeyFields.Credential)] string? keyCredential,
            HttpContext http, ISender sender, IPublisher publisher, TimeProvider clock) =>
        {
            var pending = await http.AuthenticateAsync(AuthenticationSetup.PendingSecondFactorScheme);
            var userId = pending.Principal?.FindFirstValue(UserClaims.UserId);
            if (!pending.Succeeded || userId is null)
                return PageResults.SeeOther("/signin");

            // The one verification path: a TOTP code, a backup code or a security key's answer, with the per-user lock-out.
            var key = SecurityKeyFields.Read(keyChallenge, keyCredential) is var (challengeId, credential)
                ? new SecurityKeyAnswer(challengeId, credential, ThroughProxyIdp: false)
                : null;
            var verification = await sender.Send(new VerifySecondFactor(userId, code ?? "", null, SecurityEventOccurred.UserActor(userId), "sign-in", key));
            if (verification.Accepted || verification.Failure == SecondFactorFailure.NoActiveFactor)
            {
                await http.SignOutAsync(AuthenticationSetup.PendingSecondFactorScheme);
                var account = new EmbeddedAccount(userId, pending.Principal!.FindFirstValue("mfa:admin") == "1");
                return await CompleteSignInAsync(http, account, returnUrl, secondFactor: verification.Accepted, verification.Method);
            }

            return PageResults.Page<SecondFactorPage>(new
            {
                ReturnUrl = LocalRedirect.OrRoot(returnUrl),
                Error = verification.FailureMessage,
                BackupCodesLeft = await SecondFactorPage.BackupCodesLeftAsync(sender, userId, http.RequestAborted),
                UserId = userId,
                ChallengeUrl = SecurityKeyChallengeEndpoints.SignInChallengeUrl,
            });
        }).RequireRateLimiting(RateLimitPolicy);

        endpoints.MapPost("/signout", async (HttpContext http, SessionStore sessions, IAntiforgery antiforgery) =>
        {
            // No form field is bound here, so the antiforgery check is not automatic: a forged Log out is refused explicitly.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            if (http.User.FindFirstValue(UserClaims.SessionId) is { } sessionId)
                await sessions.EndAsync(sessionId, http.RequestAborted);
            await http.SignOutAsync(AuthenticationSetup.SessionScheme);
            return PageResults.SeeOther("/signin?signedOut=true");
        });

        return endpoints;
    }

    private static async Task<IResult> CompleteSignInAsync(HttpContext http, EmbeddedAccount account, string? returnUrl, bool secondFactor, string? method = null)
    {
        var principal = await SessionPrincipal.StartAsync(http, account.UserId, account.IsAdmin, secondFactor, "embedded", method);
        await http.SignInAsync(AuthenticationSetup.SessionScheme, principal);
        return PageResults.SeeOther(LocalRedirect.OrRoot(returnUrl));
    }
}
