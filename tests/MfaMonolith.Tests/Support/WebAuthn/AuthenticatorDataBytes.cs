using System.Buffers.Binary;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;

namespace MfaMonolith.Tests.Support.WebAuthn;

/// <summary>
/// The bytes an authenticator signs over (WebAuthn §6.1): rpIdHash (32) | flags (1) | signCount (4, big-endian),
/// then, at registration, the attested credential data: AAGUID (16) | credential id length (2) | id | COSE key.
/// </summary>
internal static class AuthenticatorDataBytes
{
    private const byte UserPresent = 0x01;
    private const byte UserVerified = 0x04;
    private const byte AttestedCredentialData = 0x40;

    public static byte[] ForRegistration(SoftwareCredential credential, uint signCount)
    {
        var coseKey = credential.CosePublicKey();
        var bytes = new List<byte>();
        bytes.AddRange(Header(credential.RpId, UserPresent | UserVerified | AttestedCredentialData, signCount));
        bytes.AddRange(credential.Aaguid.ToByteArray(bigEndian: true));
        bytes.AddRange(BigEndian((ushort)credential.Id.Length));
        bytes.AddRange(credential.Id);
        bytes.AddRange(coseKey);
        return [.. bytes];
    }

    public static byte[] ForAssertion(SoftwareCredential credential, uint signCount) =>
        Header(credential.RpId, UserPresent | UserVerified, signCount);

    /// <summary>An attestation object of format "none": the authenticator data and no statement (§8.7).</summary>
    public static byte[] NoneAttestationObject(byte[] authenticatorData)
    {
        // Canonical order sorts the keys by length: fmt, attStmt, authData — as authenticators send them.
        var cbor = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cbor.WriteStartMap(3);
        cbor.WriteTextString("fmt");
        cbor.WriteTextString("none");
        cbor.WriteTextString("attStmt");
        cbor.WriteStartMap(0);
        cbor.WriteEndMap();
        cbor.WriteTextString("authData");
        cbor.WriteByteString(authenticatorData);
        cbor.WriteEndMap();
        return cbor.Encode();
    }

    private static byte[] Header(string rpId, int flags, uint signCount)
    {
        var header = new byte[32 + 1 + 4];
        SHA256.HashData(Encoding.UTF8.GetBytes(rpId)).CopyTo(header, 0);
        header[32] = (byte)flags;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(33), signCount);
        return header;
    }

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
