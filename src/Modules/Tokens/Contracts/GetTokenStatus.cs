using Mediator;

namespace MfaMonolith.Modules.Tokens.Contracts;

/// <summary>What other parts of the product may know about a user's tokens: never a secret.</summary>
public sealed record GetTokenStatus(string UserId) : IQuery<TokenStatus>;

public sealed record TokenStatus(int ActiveTokenCount, Guid? PendingEnrollmentId)
{
    public bool HasActiveToken => ActiveTokenCount > 0;
}
