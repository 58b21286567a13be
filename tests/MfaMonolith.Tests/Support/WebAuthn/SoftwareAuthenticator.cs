using System.Security.Cryptography;

namespace MfaMonolith.Tests.Support.WebAuthn;

/// <summary>
/// A security key and the browser in front of it, in software, so tests can register and use a WebAuthn key
/// over HTTP: it takes the options JSON the server sends and returns the JSON a browser would post back.
/// It makes ES256 keys, attests with format "none", reports user presence and verification, and keeps a
/// signature counter per key. Unlike a browser it does not check the origin against the rp id: that is what
/// lets a test play a phishing site.
/// </summary>
public sealed class SoftwareAuthenticator
{
    /// <summary>The AAGUID this authenticator model reports unless a test sets another (Guid.Empty is allowed).</summary>
    public static readonly Guid TestAaguid = new("5e1f7a3c-0d4b-4c8e-9a26-7b3f1d0c2e59");

    private const int Es256 = -7;

    private readonly List<SoftwareCredential> credentials = [];

    public Guid Aaguid { get; init; } = TestAaguid;

    /// <summary>False plays an authenticator without a signature counter: every response reports 0.</summary>
    public bool KeepsSignatureCounter { get; init; } = true;

    public IReadOnlyList<SoftwareCredential> Credentials => credentials;

    /// <summary>The last assertion JSON returned, for a test that replays it.</summary>
    public string? LastAssertionJson { get; private set; }

    /// <summary>navigator.credentials.create(): a new key for the options' rp and user; the registration response JSON.</summary>
    public string Register(string creationOptionsJson, string origin)
    {
        var options = CreationOptions.Parse(creationOptionsJson, origin);
        if (!options.Algorithms.Contains(Es256))
        {
            throw new NotSupportedException("The server accepts no ES256 key, the only kind this authenticator makes.");
        }

        if (credentials.Any(c => c.RpId == options.RpId && options.ExcludedCredentialIds.Any(id => id.AsSpan().SequenceEqual(c.Id))))
        {
            // The browser's InvalidStateError: this authenticator already holds a key the server excluded.
            throw new InvalidOperationException("This authenticator already holds one of the excluded credentials.");
        }

        var credential = new SoftwareCredential(options.RpId, options.UserHandle, Aaguid);
        credentials.Add(credential);
        var clientData = PublicKeyCredentialJson.ClientData("webauthn.create", options.Challenge, origin);
        var authenticatorData = AuthenticatorDataBytes.ForRegistration(credential, credential.SignCount);
        return PublicKeyCredentialJson.Registration(
            credential.Id, clientData, AuthenticatorDataBytes.NoneAttestationObject(authenticatorData));
    }

    /// <summary>
    /// A registration answered with a key this authenticator holds already, whatever excludeCredentials says: what a
    /// faulty or hostile client can send, so that only the server's own uniqueness check stands in the way.
    /// </summary>
    public string RegisterExisting(string creationOptionsJson, string origin, SoftwareCredential credential)
    {
        var options = CreationOptions.Parse(creationOptionsJson, origin);
        var clientData = PublicKeyCredentialJson.ClientData("webauthn.create", options.Challenge, origin);
        var authenticatorData = AuthenticatorDataBytes.ForRegistration(Find(credential.Id), credential.SignCount);
        return PublicKeyCredentialJson.Registration(
            credential.Id, clientData, AuthenticatorDataBytes.NoneAttestationObject(authenticatorData));
    }

    /// <summary>navigator.credentials.get(): signs the options' challenge with a matching key; the assertion response JSON.</summary>
    public string Assert(string requestOptionsJson, string origin) =>
        LastAssertionJson = Assertion(requestOptionsJson, origin, tamperWithSignature: false);

    /// <summary>As <see cref="Assert"/>, with one bit of the signature flipped: still well-formed DER, no longer valid.</summary>
    public string AssertWithTamperedSignature(string requestOptionsJson, string origin) =>
        LastAssertionJson = Assertion(requestOptionsJson, origin, tamperWithSignature: true);

    /// <summary>Sets a key's counter, as a cloned key would have it: the next assertion reports <paramref name="value"/> + 1.</summary>
    public void ResetCounter(byte[] credentialId, uint value) => Find(credentialId).SignCount = value;

    private string Assertion(string requestOptionsJson, string origin, bool tamperWithSignature)
    {
        var options = RequestOptions.Parse(requestOptionsJson, origin);
        var credential = Choose(options);
        if (KeepsSignatureCounter)
        {
            credential.SignCount++;
        }

        var clientData = PublicKeyCredentialJson.ClientData("webauthn.get", options.Challenge, origin);
        var authenticatorData = AuthenticatorDataBytes.ForAssertion(credential, credential.SignCount);
        var signature = credential.Sign([.. authenticatorData, .. SHA256.HashData(clientData)]);
        if (tamperWithSignature)
        {
            // The last byte belongs to s, so the DER structure survives and only the verification fails.
            signature[^1] ^= 0x01;
        }

        return PublicKeyCredentialJson.Assertion(credential.Id, clientData, authenticatorData, signature, credential.UserHandle);
    }

    /// <summary>
    /// The first key for this rp that the server allows; with an empty allow list (a discoverable-credential
    /// login), the only key for this rp — with several, a browser would ask the user, so the test must say which.
    /// </summary>
    private SoftwareCredential Choose(RequestOptions options)
    {
        var forRp = credentials.Where(c => c.RpId == options.RpId).ToList();
        if (options.AllowedCredentialIds.Count > 0)
        {
            return forRp.FirstOrDefault(c => options.AllowedCredentialIds.Any(id => id.AsSpan().SequenceEqual(c.Id)))
                ?? throw new InvalidOperationException($"This authenticator holds none of the credentials allowed for {options.RpId}.");
        }

        return forRp.Count == 1
            ? forRp[0]
            : throw new InvalidOperationException(
                $"Any credential may answer and {forRp.Count} are held for {options.RpId}: a browser would ask the user which.");
    }

    private SoftwareCredential Find(byte[] credentialId) =>
        credentials.FirstOrDefault(c => c.Id.AsSpan().SequenceEqual(credentialId))
        ?? throw new ArgumentException("This authenticator holds no such credential.", nameof(credentialId));
}
