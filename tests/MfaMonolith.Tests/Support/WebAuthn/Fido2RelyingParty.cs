using System.Security.Cryptography;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;

namespace MfaMonolith.Tests.Support.WebAuthn;

/// <summary>
/// The server side of the ceremonies, done by the real Fido2 library the way a server does them: options go
/// out as JSON and come back through FromJson, responses arrive as the JSON a browser posts.
/// </summary>
internal sealed class Fido2RelyingParty
{
    public const string Origin = "http://localhost";

    private readonly Fido2 fido2 = new(new Fido2Configuration
    {
        // ServerDomain and ServerName are obsolete in Fido2 4.x (CS0618, an error here): these are their successors.
        RPID = "localhost",
        RPName = "MfaMonolith",
        Origins = new HashSet<string> { Origin },
    });

    public Fido2User User { get; } = new() { Id = RandomNumberGenerator.GetBytes(16), Name = "alice", DisplayName = "Alice" };

    public string NewCreationOptionsJson(params byte[][] excludedCredentialIds) => fido2.RequestNewCredential(new RequestNewCredentialParams
    {
        User = User,
        ExcludeCredentials = [.. excludedCredentialIds.Select(id => new PublicKeyCredentialDescriptor(id))],
        AttestationPreference = AttestationConveyancePreference.None,
        AuthenticatorSelection = new AuthenticatorSelection
        {
            ResidentKey = ResidentKeyRequirement.Preferred,
            UserVerification = UserVerificationRequirement.Preferred,
        },
    }).ToJson();

    public string NewAssertionOptionsJson(params byte[][] allowedCredentialIds) =>
        fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [.. allowedCredentialIds.Select(id => new PublicKeyCredentialDescriptor(id))],
            UserVerification = UserVerificationRequirement.Preferred,
        }).ToJson();

    public Task<RegisteredPublicKeyCredential> Register(string creationOptionsJson, string responseJson) =>
        fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
        {
            // AuthenticatorAttestationRawResponse carries its own [JsonPropertyName]/[JsonConverter] attributes, so the
            // default reflection-based serializer reads it; Fido2.Models' FidoModelSerializerContext has no entry for it.
            AttestationResponse = JsonSerializer.Deserialize<AuthenticatorAttestationRawResponse>(responseJson)!,
            OriginalOptions = CredentialCreateOptions.FromJson(creationOptionsJson),
            IsCredentialIdUniqueToUserCallback = (_, _) => Task.FromResult(true),
        });

    public Task<VerifyAssertionResult> Verify(
        string assertionOptionsJson, string responseJson, RegisteredPublicKeyCredential stored, uint storedSignCount) =>
        fido2.MakeAssertionAsync(new MakeAssertionParams
        {
            // The assertion response is in the source-generated context too; the reflection-based default reads it as well.
            AssertionResponse = JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(responseJson)!,
            OriginalOptions = AssertionOptions.FromJson(assertionOptionsJson),
            StoredPublicKey = stored.PublicKey,
            StoredSignatureCounter = storedSignCount,
            // Called only when the response carries a user handle, which this authenticator always sends.
            IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(
                args.UserHandle.AsSpan().SequenceEqual(User.Id) && args.CredentialId.AsSpan().SequenceEqual(stored.Id)),
        });
}
