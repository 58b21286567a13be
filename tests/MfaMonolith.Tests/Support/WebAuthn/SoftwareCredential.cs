using System.Formats.Cbor;
using System.Security.Cryptography;

namespace MfaMonolith.Tests.Support.WebAuthn;

/// <summary>
/// One key held by a <see cref="SoftwareAuthenticator"/>: an ES256 (ECDSA P-256, COSE alg -7) key pair made
/// for one relying party and one user, with its signature counter.
/// </summary>
public sealed class SoftwareCredential
{
    private const int CoseKeyTypeEc2 = 2;
    private const int CoseAlgorithmEs256 = -7;
    private const int CoseCurveP256 = 1;

    // Kept as parameters rather than an ECDsa object, so neither the credential nor the authenticator owns
    // something to dispose; a key object is made for each signature.
    private readonly ECParameters keyPair;

    internal SoftwareCredential(string rpId, byte[] userHandle, Guid aaguid)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        keyPair = key.ExportParameters(includePrivateParameters: true);
        Id = RandomNumberGenerator.GetBytes(32);
        RpId = rpId;
        UserHandle = userHandle;
        Aaguid = aaguid;
    }

    public byte[] Id { get; }

    public string RpId { get; }

    public byte[] UserHandle { get; }

    public Guid Aaguid { get; }

    /// <summary>The value the next assertion starts from: it reports one more (unless the authenticator keeps no counter).</summary>
    public uint SignCount { get; internal set; }

    /// <summary>The public key as the COSE_Key map that attested credential data carries (RFC 9053, §7.1.1).</summary>
    internal byte[] CosePublicKey()
    {
        // CTAP2 canonical CBOR, as real authenticators write it: the writer sorts the keys 1, 3, -1, -2, -3.
        var cbor = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cbor.WriteStartMap(5);
        cbor.WriteInt32(1);
        cbor.WriteInt32(CoseKeyTypeEc2);
        cbor.WriteInt32(3);
        cbor.WriteInt32(CoseAlgorithmEs256);
        cbor.WriteInt32(-1);
        cbor.WriteInt32(CoseCurveP256);
        // ExportParameters always fills Q; its coordinates are nullable only because ECParameters is a mutable struct.
        cbor.WriteInt32(-2);
        cbor.WriteByteString(keyPair.Q.X!);
        cbor.WriteInt32(-3);
        cbor.WriteByteString(keyPair.Q.Y!);
        cbor.WriteEndMap();
        return cbor.Encode();
    }

    /// <summary>An ES256 signature, DER-encoded as WebAuthn asks (§6.5.6), not the raw r||s that .NET writes by default.</summary>
    internal byte[] Sign(byte[] data)
    {
        using var key = ECDsa.Create(keyPair);
        return key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }
}
