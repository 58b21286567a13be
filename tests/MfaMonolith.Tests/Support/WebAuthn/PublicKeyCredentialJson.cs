using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;

namespace MfaMonolith.Tests.Support.WebAuthn;

/// <summary>
/// The JSON a browser posts for a PublicKeyCredential (its toJSON(), WebAuthn §5.1): every byte field in
/// base64url without padding, which is what Fido2's Base64UrlConverter insists on.
/// </summary>
internal static class PublicKeyCredentialJson
{
    public static string Registration(byte[] credentialId, byte[] clientDataJson, byte[] attestationObject) =>
        Credential(credentialId, new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientDataJson),
            ["attestationObject"] = Base64Url.EncodeToString(attestationObject),
            ["transports"] = new JsonArray("usb"),
        });

    public static string Assertion(
        byte[] credentialId, byte[] clientDataJson, byte[] authenticatorData, byte[] signature, byte[] userHandle) =>
        Credential(credentialId, new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientDataJson),
            ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
            ["signature"] = Base64Url.EncodeToString(signature),
            ["userHandle"] = Base64Url.EncodeToString(userHandle),
        });

    /// <summary>The client data the browser collects and the authenticator's signature covers by hash (§5.8.1).</summary>
    public static byte[] ClientData(string type, string challenge, string origin) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["type"] = type,
            ["challenge"] = challenge,
            ["origin"] = origin,
            ["crossOrigin"] = false,
        }.ToJsonString());

    private static string Credential(byte[] credentialId, JsonObject response)
    {
        var id = Base64Url.EncodeToString(credentialId);
        return new JsonObject
        {
            ["id"] = id,
            ["rawId"] = id,
            ["type"] = "public-key",
            ["response"] = response,
            ["clientExtensionResults"] = new JsonObject(),
        }.ToJsonString();
    }
}
