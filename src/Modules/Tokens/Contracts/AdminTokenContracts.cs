using Mediator;

namespace MfaMonolith.Modules.Tokens.Contracts;

/// <summary>A token as an admin sees it (never the secret).</summary>
/// <param name="Kind">"TOTP" or "WEBAUTHN" (a security key or passkey).</param>
/// <param name="AaGuid">A security key's authenticator model (all zeros when it does not say); null for TOTP.</param>
public sealed record AdminTokenView(Guid Id, string Description, string State, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? EndedAt,
    string Kind = "TOTP", Guid? AaGuid = null);

/// <summary>All of a user's tokens that were ever active or are pending, newest first.</summary>
public sealed record ListUserTokens(string UserId) : IQuery<IReadOnlyList<AdminTokenView>>;

/// <summary>Users who have or had a token, by id prefix, ordered by id; <paramref name="After"/> is the last id of the previous page.</summary>
public sealed record FindTokenUsers(string? IdPrefix, int First, string? After) : IQuery<TokenUserPage>;

public sealed record TokenUserPage(IReadOnlyList<string> UserIds, bool HasNextPage, int TotalCount);

/// <summary>An admin revokes one token (<paramref name="TokenId"/>) or all of a user's tokens (null), with a stated reason.</summary>
public sealed record RevokeTokensByAdmin(string UserId, Guid? TokenId, string AdminId, string Reason) : ICommand<int>;

/// <summary>Dashboard figures: who has MFA, and how many tokens are active.</summary>
public sealed record GetTokenFigures : IQuery<TokenFigures>;

public sealed record TokenFigures(IReadOnlyList<string> UsersWithActiveToken, int ActiveTokens);
