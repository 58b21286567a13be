using Fido2NetLib;
using Fido2NetLib.Exceptions;
using FluentValidation;
using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;
using MfaMonolith.Modules.Tokens.Domain;
using MfaMonolith.Modules.Tokens.Features.BeginEnrollment;
using MfaMonolith.Modules.Tokens.Features.ListMyTokens;
using MfaMonolith.Modules.Tokens.Persistence;
using MfaMonolith.SharedKernel.Errors;
using MfaMonolith.SharedKernel.Identity.StepUp;
using MfaMonolith.SharedKernel.Validation;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.Tokens.Features.SecurityKeys;

/// <summary>
/// Starts registering a security key or passkey: the options for <c>navigator.credentials.create</c>, valid for 5
/// minutes and once. Needs the session's step-up, and an active TOTP token: the first token stays TOTP (as in Perun).
/// </summary>
internal sealed record BeginSecurityKeyRegistration(string UserId, string Description) : ICommand<SecurityKeyChallenge>;

/// <summary>Finishes it with the browser's answer: the key becomes an active token at once.</summary>
internal sealed record CompleteSecurityKeyRegistration(string UserId, Guid ChallengeId, string CredentialJson) : ICommand<TokenView>;

internal sealed class BeginSecurityKeyRegistrationValidator : AbstractValidator<BeginSecurityKeyRegistration>
{
    public BeginSecurityKeyRegistrationValidator() =>
        RuleFor(c => c.Description).IsDisplayLabel("description", BeginEnrollmentValidator.MaxDescriptionLength);
}

internal sealed class CompleteSecurityKeyRegistrationValidator : AbstractValidator<CompleteSecurityKeyRegistration>
{
    /// <summary>A registration answer is a few hundred bytes to a few kilobytes (with an attestation certificate chain).</summary>
    public const int MaxCredentialLength = 64 * 1024;

    public CompleteSecurityKeyRegistrationValidator() =>
        RuleFor(c => c.CredentialJson).NotEmpty().WithMessage("credential must be the security key's answer (PublicKeyCredential as JSON).")
            .MaximumLength(MaxCredentialLength).WithMessage($"credential is longer than {MaxCredentialLength} characters.");
}

internal sealed class BeginSecurityKeyRegistrationHandler(TokensDbContext db, WebAuthnRelyingParty relyingParty, SessionStepUp stepUp, TimeProvider clock)
    : ICommandHandler<BeginSecurityKeyRegistration, SecurityKeyChallenge>
{
    /// <summary>More than enough for a key on every keyring and a passkey on every device; a bound on what a session can add.</summary>
    public const int MaxKeysPerUser = 10;

    public async ValueTask<SecurityKeyChallenge> Handle(BeginSecurityKeyRegistration command, CancellationToken ct)
    {
        // Asked before the step-up: without a verification app there is no code to step up with, and the user should
        // read what to do (add an app) rather than be asked for a code they cannot have.
        await RequireAppAsync(db, command.UserId, ct);
        await stepUp.RequireAsync("add a security key", ct);
        var keys = await db.SecurityKeys.AsNoTracking().Where(k => k.UserId == command.UserId && k.State == TokenState.Active).ToListAsync(ct);
        RequireRoomFor(keys.Count);

        var options = relyingParty.RegistrationOptions(command.UserId, keys).ToJson();
        var ceremony = WebAuthnCeremony.Begin(command.UserId, CeremonyKind.Registration, SecurityKeyChannel.Session, options, command.Description, clock.GetUtcNow());
        db.Ceremonies.Add(ceremony);
        await db.SaveChangesAsync(ct);
        return new SecurityKeyChallenge(ceremony.Id, options, ceremony.ExpiresAt);
    }

    /// <summary>A key is added beside a verification app, never as the first token (as in Perun).</summary>
    public static async Task RequireAppAsync(TokensDbContext db, string userId, CancellationToken ct)
    {
        if (!await db.Tokens.AnyAsync(t => t.UserId == userId && t.State == TokenState.Active, ct))
            throw new AppException(ErrorCodes.NoActiveFactor, "Add a verification app first: a security key can be added beside it.");
    }

    public static void RequireRoomFor(int activeKeys)
    {
        if (activeKeys >= MaxKeysPerUser)
            throw new AppException(ErrorCodes.Conflict, $"You have {MaxKeysPerUser} security keys, the most there may be. Remove one to add another.");
    }
}

internal sealed class CompleteSecurityKeyRegistrationHandler(TokensDbContext db, WebAuthnRelyingParty relyingParty, TimeProvider clock)
    : ICommandHandler<CompleteSecurityKeyRegistration, TokenView>
{
    private const string StartAgain = "Start again: choose Add a security key.";

    public async ValueTask<TokenView> Handle(CompleteSecurityKeyRegistration command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ceremony = await db.Ceremonies.AsNoTracking().FirstOrDefaultAsync(
            c => c.Id == command.ChallengeId && c.UserId == command.UserId && c.Kind == CeremonyKind.Registration, ct)
            ?? throw new AppException(ErrorCodes.NotFound, "There is no such registration. " + StartAgain);
        if (ceremony.UsedAt is not null || ceremony.ExpiresAt <= now || !await db.Ceremonies.TryUseAsync(ceremony.Id, now, ct))
            throw new AppException(ErrorCodes.EnrollmentExpired, "This registration has expired or was already used. " + StartAgain);
        // Asked again here: the app may have been removed, or other registrations finished, since the challenge was made.
        await BeginSecurityKeyRegistrationHandler.RequireAppAsync(db, command.UserId, ct);
        BeginSecurityKeyRegistrationHandler.RequireRoomFor(await db.SecurityKeys.CountAsync(k => k.UserId == command.UserId && k.State == TokenState.Active, ct));
        var answer = WebAuthnRelyingParty.ReadAttestation(command.CredentialJson)
            ?? throw new AppException(ErrorCodes.ValidationFailed, "That is not a security key's answer. " + StartAgain);

        Fido2NetLib.Objects.RegisteredPublicKeyCredential credential;
        try
        {
            credential = await relyingParty.Fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = answer,
                OriginalOptions = CredentialCreateOptions.FromJson(ceremony.OptionsJson),
                // A credential id belongs to one key ever, of any user.
                IsCredentialIdUniqueToUserCallback = async (candidate, token) =>
                    !await db.SecurityKeys.AnyAsync(k => k.CredentialId == candidate.CredentialId, token),
            }, ct);
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.NonUniqueCredentialId)
        {
            throw new AppException(ErrorCodes.Conflict, "This security key is registered already.");
        }
        catch (Fido2VerificationException e)
        {
            throw new AppException(ErrorCodes.ValidationFailed, $"The security key's answer was refused ({e.Code}). " + StartAgain);
        }

        var key = SecurityKey.Registered(command.UserId, ceremony.Description ?? "Security key", credential.Id, credential.PublicKey, credential.User.Id,
            credential.SignCount, credential.AaGuid, credential.Transports?.Select(t => t.ToString()) ?? [], credential.IsBackupEligible, now);
        db.SecurityKeys.Add(key);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique index on the credential id: the same key raced in through another ceremony.
            if (await IsRegisteredAsync(credential.Id))
                throw new AppException(ErrorCodes.Conflict, "This security key is registered already.");
            throw;
        }

        return TokenView.Of(key);
    }

    private async Task<bool> IsRegisteredAsync(byte[] credentialId)
    {
        db.ChangeTracker.Clear();
        return await db.SecurityKeys.AnyAsync(k => k.CredentialId == credentialId, CancellationToken.None);
    }
}
