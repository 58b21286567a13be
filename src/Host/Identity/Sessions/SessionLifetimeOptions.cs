namespace MfaMonolith.Host.Identity.Sessions;

/// <summary><c>Mfa:Sessions:IdleTimeout</c> and <c>Mfa:Sessions:AbsoluteLifetime</c>.</summary>
internal sealed class SessionLifetimeOptions
{
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);
}
