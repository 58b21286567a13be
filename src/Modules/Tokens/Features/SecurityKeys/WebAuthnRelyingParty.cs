using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using MfaMonolith.Modules.Tokens.Domain;
using Microsoft.Extensions.Options;

namespace MfaMonolith.Modules.Tokens.Features.SecurityKeys;

/// <summary>
/// The product as a WebAuthn relying party: Fido2 configured from <c>Mfa:WebAuthn</c>, and the choices the product
/// makes for every ceremony (attestation "none", passkeys allowed but not required, user verification preferred).
/// </summary>
internal sealed class WebAuthnRelyingParty
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public WebAuthnRelyingParty(IOptions<WebAuthnOptions> options, IOptions<TotpOptions> totp)
    {
        var webAuthn = options.Value;
        Fido2 = new Fido2(new Fido2Configuration
        {
            RPID = webAuthn.RelyingPartyId,
            RPName = webAuthn.RelyingPartyName ?? totp.Value.Issuer,
            Origins = webAuthn.EffectiveOrigins.ToHashSet(StringComparer.Ordinal),
            Timeout = (uint)WebAuthnCeremony.Lifetime.TotalMilliseconds,
        });
    }

    public IFido2 Fido2 { get; }

    /// <summary>
    /// The user handle stored in a passkey: derived from the user id, so that every key of a user carries the same one,
    /// without the id itself (an e-mail-like eduPersonPrincipalName) being written into the authenticator.
    /// </summary>
    public static byte[] UserHandleOf(string userId) => SHA256.HashData(Encoding.UTF8.GetBytes("mfamonolith:user:" + userId));

    public CredentialCreateOptions RegistrationOptions(string userId, IEnumerable<SecurityKey> existing) =>
        Fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = UserHandleOf(userId), Name = userId, DisplayName = userId },
            ExcludeCredentials = [.. existing.Select(Descriptor)],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Preferred,
                UserVerification = UserVerificationRequirement.Preferred,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });

    public AssertionOptions AssertionOptions(IEnumerable<SecurityKey> keys) =>
        Fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. keys.Select(Descriptor)],
            UserVerification = UserVerificationRequirement.Preferred,
        });

    /// <summary>The browser's registration answer; null when it is not one.</summary>
    public static AuthenticatorAttestationRawResponse? ReadAttestation(string json) => Read<AuthenticatorAttestationRawResponse>(json);

    /// <summary>The browser's assertion answer; null when it is not one.</summary>
    public static AuthenticatorAssertionRawResponse? ReadAssertion(string json) => Read<AuthenticatorAssertionRawResponse>(json);

    private static T? Read<T>(string json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static PublicKeyCredentialDescriptor Descriptor(SecurityKey key) =>
        new(PublicKeyCredentialType.PublicKey, key.CredentialId, TransportsOf(key));

    private static AuthenticatorTransport[] TransportsOf(SecurityKey key) =>
        [.. key.Transports.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(name => Enum.TryParse<AuthenticatorTransport>(name, out var transport) ? transport : (AuthenticatorTransport?)null)
            .OfType<AuthenticatorTransport>()];
}
