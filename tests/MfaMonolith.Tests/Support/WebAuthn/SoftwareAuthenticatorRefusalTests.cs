using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;

namespace MfaMonolith.Tests.Support.WebAuthn;

/// <summary>
/// What Fido2 4.3.2 refuses, and with which code: each knob of the software authenticator produces the
/// failure it is meant to, so tests of our own WebAuthn endpoints can rely on it.
/// </summary>
public sealed class SoftwareAuthenticatorRefusalTests
{
    private readonly Fido2RelyingParty server = new();

    [Fact]
    public async Task A_counter_that_goes_backwards_is_refused_as_an_invalid_sign_count()
    {
        var (authenticator, registered) = await RegisteredKey(new SoftwareAuthenticator());
        var stored = (await AssertAllowing(authenticator, registered, registered.SignCount)).SignCount;
        stored = (await AssertAllowing(authenticator, registered, stored)).SignCount;

        authenticator.ResetCounter(registered.Id, 0); // a clone of the key as it was before those two logins

        var refused = await Should.ThrowAsync<Fido2VerificationException>(() => AssertAllowing(authenticator, registered, stored));
        refused.Code.ShouldBe(Fido2ErrorCode.InvalidSignCount);
    }

    [Fact]
    public async Task A_counter_that_does_not_move_is_refused_too()
    {
        var (authenticator, registered) = await RegisteredKey(new SoftwareAuthenticator());
        var stored = (await AssertAllowing(authenticator, registered, registered.SignCount)).SignCount;

        authenticator.ResetCounter(registered.Id, stored - 1); // the next assertion reports the stored value again

        var refused = await Should.ThrowAsync<Fido2VerificationException>(() => AssertAllowing(authenticator, registered, stored));
        refused.Code.ShouldBe(Fido2ErrorCode.InvalidSignCount);
    }

    [Fact]
    public async Task A_key_without_a_counter_passes_with_0_stored_and_0_reported()
    {
        var (authenticator, registered) = await RegisteredKey(new SoftwareAuthenticator { KeepsSignatureCounter = false });

        var verified = await AssertAllowing(authenticator, registered, storedSignCount: 0);

        registered.SignCount.ShouldBe(0u);
        verified.SignCount.ShouldBe(0u);
    }

    [Fact]
    public async Task An_assertion_made_for_another_origin_is_refused()
    {
        var (authenticator, registered) = await RegisteredKey(new SoftwareAuthenticator());
        var options = server.NewAssertionOptionsJson(registered.Id);

        var phished = authenticator.Assert(options, "https://mfa-monolith.example.net");

        var refused = await Should.ThrowAsync<Fido2VerificationException>(() => server.Verify(options, phished, registered, 0));
        refused.Code.ShouldBe(Fido2ErrorCode.InvalidAuthenticatorResponseOrigin);
    }

    [Fact]
    public async Task A_registration_made_for_another_origin_is_refused()
    {
        var options = server.NewCreationOptionsJson();

        var phished = new SoftwareAuthenticator().Register(options, "https://mfa-monolith.example.net");

        var refused = await Should.ThrowAsync<Fido2VerificationException>(() => server.Register(options, phished));
        refused.Code.ShouldBe(Fido2ErrorCode.InvalidAuthenticatorResponseOrigin);
    }

    [Fact]
    public async Task A_tampered_signature_is_refused()
    {
        var (authenticator, registered) = await RegisteredKey(new SoftwareAuthenticator());
        var options = server.NewAssertionOptionsJson(registered.Id);

        var tampered = authenticator.AssertWithTamperedSignature(options, Fido2RelyingParty.Origin);

        var refused = await Should.ThrowAsync<Fido2VerificationException>(() => server.Verify(options, tampered, registered, 0));
        refused.Code.ShouldBe(Fido2ErrorCode.InvalidSignature);
    }

    [Fact]
    public async Task An_assertion_replayed_against_a_new_challenge_is_refused()
    {
        var (authenticator, registered) = await RegisteredKey(new SoftwareAuthenticator());
        var used = (await AssertAllowing(authenticator, registered, registered.SignCount)).SignCount;

        var nextOptions = server.NewAssertionOptionsJson(registered.Id);
        var refused = await Should.ThrowAsync<Fido2VerificationException>(
            () => server.Verify(nextOptions, authenticator.LastAssertionJson!, registered, used));
        refused.Code.ShouldBe(Fido2ErrorCode.InvalidAuthenticatorResponseChallenge);
    }

    [Fact]
    public async Task An_assertion_replayed_against_its_own_challenge_passes_for_a_key_without_a_counter()
    {
        // Fido2 keeps no challenge state: only the server spending each challenge once stops this replay.
        var (authenticator, registered) = await RegisteredKey(new SoftwareAuthenticator { KeepsSignatureCounter = false });
        var options = server.NewAssertionOptionsJson(registered.Id);
        await server.Verify(options, authenticator.Assert(options, Fido2RelyingParty.Origin), registered, 0);

        var replayed = await server.Verify(options, authenticator.LastAssertionJson!, registered, 0);

        replayed.SignCount.ShouldBe(0u);
    }

    private async Task<(SoftwareAuthenticator Authenticator, RegisteredPublicKeyCredential Registered)> RegisteredKey(
        SoftwareAuthenticator authenticator)
    {
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
