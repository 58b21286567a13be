using System.Globalization;
using System.Security.Claims;
using MfaMonolith.SharedKernel.Identity;
using MfaMonolith.SharedKernel.SecurityEvents;
using Microsoft.AspNetCore.Authentication;

namespace MfaMonolith.Host.Identity.Sessions;

/// <summary>
/// Starts a server-side session and builds the product's own principal for it: the same claims whichever sign-in
/// (embedded or OpenID Connect) proved who the user is, so nothing downstream needs to know which one ran.
/// </summary>
internal static class SessionPrincipal
{
    /// <param name="secondFactorMethod">How the second factor was proved at sign-in, if it was (recorded with the event).</param>
    /// <param name="secondFactorReason">Why the sign-in counts as a second factor when no code was typed here (e.g. the ProxyIdP's acr).</param>
    public static async Task<ClaimsPrincipal> StartAsync(
        HttpContext http, string userId, bool isAdmin, bool secondFactor, string authenticationType,
        string? secondFactorMethod = null, string? secondFactorReason = null)
    {
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var sessions = http.RequestServices.GetRequiredService<SessionStore>();
        // Signing in again in the same browser replaces the session: the old one ends on the server too.
        if ((await http.AuthenticateAsync(AuthenticationSetup.SessionScheme)).Principal?.FindFirstValue(UserClaims.SessionId) is { } previous)
            await sessions.EndAsync(previous, http.RequestAborted);
        // SIGN_IN_SUCCEEDED commits with the session it records (the Host's outbox, ADR 0013).
        var signedIn = new SecurityEventOccurred(SecurityEventType.SignInSucceeded, userId, SecurityEventOccurred.UserActor(userId), clock.GetUtcNow(),
            Method: secondFactor ? secondFactorMethod : null, Reason: secondFactor ? secondFactorReason : null);
        var sessionId = await sessions.StartAsync(userId, signedIn, secondFactor, http.RequestAborted);
        var now = signedIn.OccurredAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var claims = new List<Claim>
        {
            new(UserClaims.UserId, userId),
            new(ClaimTypes.Name, userId),
            new(UserClaims.SessionId, sessionId),
            new(UserClaims.AuthenticatedAt, now),
        };
        if (secondFactor)
            claims.Add(new Claim(UserClaims.SecondFactorAt, now));
        if (isAdmin)
            claims.Add(new Claim(ClaimTypes.Role, UserClaims.AdminRole));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
