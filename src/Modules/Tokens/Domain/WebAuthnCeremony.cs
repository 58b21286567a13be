using MfaMonolith.Modules.Tokens.Contracts;

namespace MfaMonolith.Modules.Tokens.Domain;

internal enum CeremonyKind
{
    Registration = 0,
    Assertion = 1,
}

/// <summary>
/// One WebAuthn challenge the server handed out, with the options it was sent in: a registration (with the
/// description the user chose) or an assertion. It lives <see cref="Lifetime"/> and is finished once: the first finish
/// marks it used by a conditional update, on any instance, so the same signed response never counts twice.
/// </summary>
internal sealed class WebAuthnCeremony
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private WebAuthnCeremony() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public CeremonyKind Kind { get; private set; }
    public SecurityKeyChannel Channel { get; private set; }

    /// <summary>The options JSON sent to the browser: the challenge, and what the response is checked against.</summary>
    public string OptionsJson { get; private set; } = "";

    /// <summary>The service the user is signing in to (an assertion for the ProxyIdP): the answer counts for it alone.</summary>
    public string? RelyingParty { get; private set; }

    /// <summary>The new key's description (registration only).</summary>
    public string? Description { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? UsedAt { get; private set; }

    public static WebAuthnCeremony Begin(string userId, CeremonyKind kind, SecurityKeyChannel channel, string optionsJson, string? description, DateTimeOffset now,
        string? relyingParty = null) => new()
    {
        Id = Guid.CreateVersion7(now),
        UserId = userId,
        Kind = kind,
        Channel = channel,
        OptionsJson = optionsJson,
        Description = description?.Trim(),
        RelyingParty = relyingParty,
        CreatedAt = now,
        ExpiresAt = now + Lifetime,
    };
}
