namespace MfaMonolith.SharedKernel.Identity.StepUp;

/// <summary><c>Mfa:StepUp:MaxAge</c>: how long after a verified second factor a session may make sensitive changes.</summary>
public sealed class StepUpOptions
{
    public const string Section = "Mfa:StepUp";

    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    /// <summary>Zero: a code for every sensitive action (verified in the same request as the action).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);

    public static bool IsValid(StepUpOptions options) => options.MaxAge >= TimeSpan.Zero && options.MaxAge <= Longest;

    public const string InvalidMessage = "Mfa:StepUp:MaxAge must be between 00:00:00 (a code for every sensitive action) and 01:00:00.";
}
