using System.Globalization;
using System.Security.Claims;
using MfaMonolith.SharedKernel.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MfaMonolith.SharedKernel.Identity.StepUp;

/// <summary>
/// Step-up as a state of the session ("sudo mode", ADR 0015): the one place that decides whether the current session
/// verified a second factor recently enough for a sensitive change. Every sensitive action asks <see cref="RequireAsync"/>;
/// <see cref="RecordAsync"/> follows an accepted code: <c>verifyStepUp</c> (the one verification), and the first token's
/// confirmation (the session has just shown the user's only factor). The sign-in records it with the new session.
/// </summary>
public sealed class SessionStepUp(IHttpContextAccessor http, ISessionSecondFactorStore store, IOptions<StepUpOptions> options, TimeProvider clock)
{
    /// <summary>With MaxAge zero a verified code allows one change, made within this time of the code.</summary>
    public static readonly TimeSpan OneChangeWindow = TimeSpan.FromMinutes(2);

    public TimeSpan MaxAge => options.Value.MaxAge;

    /// <summary>When the session last verified a second factor; null if it never did.</summary>
    public DateTimeOffset? VerifiedAt => VerifiedAtOf(http.HttpContext?.User);

    /// <summary>Until when sensitive changes need no new code; null when the next one needs a code.</summary>
    public DateTimeOffset? ValidUntil => VerifiedAt is { } at && MaxAge > TimeSpan.Zero && clock.GetUtcNow() - at <= MaxAge ? at + MaxAge : null;

    /// <summary>Throws <c>STEP_UP_REQUIRED</c> unless the session's second factor is recent enough for <paramref name="action"/>.</summary>
    /// <param name="action">What the user is doing, for the message: "remove a token".</param>
    public async Task RequireAsync(string action, CancellationToken ct)
    {
        var principal = http.HttpContext?.User;
        if (principal.FindUserId() is null)
            throw new AppException(ErrorCodes.Unauthenticated, "Sign in to do this.");
        if (ValidUntil is not null)
            return;
        // MaxAge zero: a code for every change. Each verified code is spent by the first change that asks, atomically
        // on the server-side session, so neither aliases nor parallel requests get two changes from one code.
        if (MaxAge == TimeSpan.Zero && principal!.FindFirstValue(UserClaims.SessionId) is { } sessionId
            && await store.TrySpendAsync(sessionId, clock.GetUtcNow() - OneChangeWindow, clock.GetUtcNow(), ct))
            return;
        throw new AppException(ErrorCodes.StepUpRequired,
            $"To {action}, confirm it is you: type the code your verification app shows now, or a backup code (mutation verifyStepUp).");
    }

    /// <summary>Records on the session that a second factor was verified now (the one verification calls this).</summary>
    public async Task<DateTimeOffset> RecordAsync(CancellationToken ct)
    {
        var context = http.HttpContext ?? throw new InvalidOperationException("A step-up needs an HTTP request with a session.");
        var sessionId = context.User.FindFirstValue(UserClaims.SessionId)
            ?? throw new AppException(ErrorCodes.Unauthenticated, "Sign in to do this.");
        var now = clock.GetUtcNow();
        await store.RecordAsync(sessionId, now, ct);
        // The rest of this request (the action the step-up was for) sees it too.
        if (context.User.Identity is ClaimsIdentity identity)
        {
            foreach (var old in identity.FindAll(c => c.Type is UserClaims.SecondFactorAt or UserClaims.SecondFactorPending).ToList())
                identity.RemoveClaim(old);
            identity.AddClaim(new Claim(UserClaims.SecondFactorAt, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        }

        return now;
    }

    public static DateTimeOffset? VerifiedAtOf(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(UserClaims.SecondFactorAt), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
