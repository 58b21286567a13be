using System.Buffers.Text;
using System.Text.Json;

namespace MfaMonolith.Tests.Support.WebAuthn;

/// <summary>
/// What a browser reads from the options JSON that the server hands to navigator.credentials.create().
/// Read from the JSON alone, not through Fido2's types, so the authenticator checks the server's output
/// instead of agreeing with it by construction.
/// </summary>
internal sealed record CreationOptions(
    string RpId, string Challenge, byte[] UserHandle, IReadOnlyList<int> Algorithms, IReadOnlyList<byte[]> ExcludedCredentialIds)
{
    public static CreationOptions Parse(string json, string origin)
    {
        using var document = JsonDocument.Parse(json);
        var options = document.RootElement;
        var rp = options.GetProperty("rp");
        return new CreationOptions(
            RpId: rp.TryGetProperty("id", out var rpId) ? rpId.GetString()! : new Uri(origin).Host,
            Challenge: CeremonyJson.Challenge(options),
            UserHandle: Base64Url.DecodeFromChars(options.GetProperty("user").GetProperty("id").GetString()),
            Algorithms: [.. options.GetProperty("pubKeyCredParams").EnumerateArray().Select(p => p.GetProperty("alg").GetInt32())],
            ExcludedCredentialIds: CeremonyJson.CredentialIds(options, "excludeCredentials"));
    }
}

/// <summary>What a browser reads from the options JSON that the server hands to navigator.credentials.get().</summary>
internal sealed record RequestOptions(string RpId, string Challenge, IReadOnlyList<byte[]> AllowedCredentialIds)
{
    public static RequestOptions Parse(string json, string origin)
    {
        using var document = JsonDocument.Parse(json);
        var options = document.RootElement;
        return new RequestOptions(
            // Without rpId the browser uses the caller's effective domain (WebAuthn §5.1.4.1, step 8).
            RpId: options.TryGetProperty("rpId", out var rpId) && rpId.GetString() is { } id ? id : new Uri(origin).Host,
            Challenge: CeremonyJson.Challenge(options),
            AllowedCredentialIds: CeremonyJson.CredentialIds(options, "allowCredentials"));
    }
}

internal static class CeremonyJson
{
    /// <summary>
    /// The challenge as clientDataJSON carries it: the browser decodes the options' bytes and encodes them
    /// again as base64url without padding, so any other spelling of the same bytes comes back canonical.
    /// </summary>
    public static string Challenge(JsonElement options) =>
        Base64Url.EncodeToString(Base64Url.DecodeFromChars(options.GetProperty("challenge").GetString()));

    public static IReadOnlyList<byte[]> CredentialIds(JsonElement options, string listName) =>
        options.TryGetProperty(listName, out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(c => Base64Url.DecodeFromChars(c.GetProperty("id").GetString()))]
            : [];
}
