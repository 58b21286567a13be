namespace MfaMonolith.Host.Persistence;

/// <summary>
/// The server side of a sign-in session. The cookie only points at it, so Log out, an idle timeout and an
/// absolute lifetime end the session on the server, whatever copy of the cookie exists.
/// </summary>
internal sealed class UserSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>When this session last verified a second factor (sign-in or step-up); null if it never did (ADR 0015).</summary>
    public DateTimeOffset? SecondFactorAt { get; set; }

    /// <summary>With Mfa:StepUp:MaxAge zero: when a change spent the second factor of <see cref="SecondFactorAt"/>.</summary>
    public DateTimeOffset? StepUpSpentAt { get; set; }
}
