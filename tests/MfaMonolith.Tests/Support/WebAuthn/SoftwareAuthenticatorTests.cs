using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Fido2NetLib.Serialization;

namespace MfaMonolith.Tests.Support.WebAuthn;

/// <summary>The software authenticator's responses are accepted by the real Fido2 library, as a browser's would be.</summary>
public sealed class SoftwareAuthenticatorTests
{
    private readonly Fido2RelyingParty server = new();

    [Fact]
    public async Task Registration_is_accepted_with_the_public_key_AAGUID_and_counter()
    {
        var authenticator = new SoftwareAuthenticator();
        var options = server.NewCreationOptionsJson();

        var registered = await server.Register(options, authenticator.Register(options, Fido2RelyingParty.Origin));

        var key = authenticator.Credentials.ShouldHaveSingleItem();
        registered.Id.ShouldBe(key.Id);
        registered.Id.Length.ShouldBe(32);
        registered.PublicKey.ShouldNotBeEmpty();
        registered.AaGuid.ShouldBe(SoftwareAuthenticator.TestAaguid);
        registered.SignCount.ShouldBe(0u);
        registered.AttestationFormat.ShouldBe("none");
        registered.Transports.ShouldBe([AuthenticatorTransport.Usb]);
        registered.User.Id.ShouldBe(server.User.Id);
        key.UserHandle.ShouldBe(server.User.Id);
        key.RpId.ShouldBe("localhost");
    }

    [Fact]
    public async Task An_all_zero_AAGUID_is_reported_as_such()
    {
        var authenticator = new SoftwareAuthenticator { Aaguid = Guid.Empty };
        var options = server.NewCreationOptionsJson();

        var registered = await server.Register(options, authenticator.Register(options, Fido2RelyingParty.Origin));

        registered.AaGuid.ShouldBe(Guid.Empty);
    }

    [Fact]
    public async Task Assertions_are_accepted_with_the_stored_key_and_each_returns_the_next_counter()
    {
        var (authenticator, registered) = await RegisteredKey();

        var first = await AssertAllowing(authenticator, registered, storedSignCount: registered.SignCount);
        var second = await AssertAllowing(authenticator, registered, storedSignCount: first.SignCount);

        first.CredentialId.ShouldBe(registered.Id);
        first.SignCount.ShouldBe(1u);
        second.SignCount.ShouldBe(2u);
    }

    [Fact]
    public async Task A_login_without_an_allow_list_uses_the_only_key_and_names_its_user()
    {
        var (authenticator, registered) = await RegisteredKey();
        var options = server.NewAssertionOptionsJson();

        var response = authenticator.Assert(options, Fido2RelyingParty.Origin);
        var verified = await server.Verify(options, response, registered, registered.SignCount);

        verified.CredentialId.ShouldBe(registered.Id);
        JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(response)!.Response.UserHandle.ShouldBe(server.User.Id);
    }

    [Fact]
    public void The_responses_read_with_default_web_and_source_generated_serializer_options()
    {
        var authenticator = new SoftwareAuthenticator();
        var registration = authenticator.Register(server.NewCreationOptionsJson(), Fido2RelyingParty.Origin);
        var assertion = authenticator.Assert(server.NewAssertionOptionsJson(), Fido2RelyingParty.Origin);

        JsonSerializer.Deserialize<AuthenticatorAttestationRawResponse>(registration)!.Type.ShouldBe(PublicKeyCredentialType.PublicKey);
        JsonSerializer.Deserialize<AuthenticatorAttestationRawResponse>(registration, JsonSerializerOptions.Web)!.RawId
            .ShouldBe(authenticator.Credentials[0].Id);
        JsonSerializer.Deserialize<AuthenticatorAssertionRawResponse>(assertion, JsonSerializerOptions.Web)!.Response.Signature
            .ShouldNotBeEmpty();
        JsonSerializer.Deserialize(assertion, FidoModelSerializerContext.Default.AuthenticatorAssertionRawResponse)!.RawId
            .ShouldBe(authenticator.Credentials[0].Id);
    }

    [Fact]
    public async Task A_second_registration_is_refused_while_the_server_excludes_the_first_key()
    {
        var (authenticator, registered) = await RegisteredKey();
        var excludingTheKey = server.NewCreationOptionsJson(registered.Id);

        Should.Throw<InvalidOperationException>(() => authenticator.Register(excludingTheKey, Fido2RelyingParty.Origin));
    }

    private async Task<(SoftwareAuthenticator Authenticator, RegisteredPublicKeyCredential Registered)> RegisteredKey()
    {
        var authenticator = new SoftwareAuthenticator();
        var options = server.NewCreationOptionsJson();
        return (authenticator, await server.Register(options, authenticator.Register(options, Fido2RelyingParty.Origin)));
    }

    private async Task<VerifyAssertionResult> AssertAllowing(
        SoftwareAuthenticator authenticator, RegisteredPublicKeyCredential registered, uint storedSignCount)
    {
        var options = server.NewAssertionOptionsJson(registered.Id);
        return await server.Verify(options, authenticator.Assert(options, Fido2RelyingParty.Origin), registered, storedSignCount);
    }
}
