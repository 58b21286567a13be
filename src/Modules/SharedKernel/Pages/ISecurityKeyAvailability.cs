namespace MfaMonolith.SharedKernel.Pages;

/// <summary>
/// Whether a user has a security key to offer beside the code field. The Tokens module answers; the prompts of every
/// module ask, so that a user with only a verification app sees no change.
/// </summary>
public interface ISecurityKeyAvailability
{
    Task<bool> HasSecurityKeyAsync(string userId, CancellationToken ct);
}
