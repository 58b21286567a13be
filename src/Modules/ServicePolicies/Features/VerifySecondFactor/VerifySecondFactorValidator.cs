using FluentValidation;

namespace MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;

internal sealed class VerifySecondFactorValidator : AbstractValidator<Contracts.VerifySecondFactor>
{
    /// <summary>An assertion is a few hundred bytes; 16 KiB leaves room for extensions and nothing more.</summary>
    public const int MaxCredentialLength = 16 * 1024;

    public VerifySecondFactorValidator()
    {
        RuleFor(c => c.UserId).NotEmpty().WithMessage("userId must not be empty.").MaximumLength(256).WithMessage("userId is longer than 256 characters.");
        RuleFor(c => c.Code).NotNull().MaximumLength(256).WithMessage("code is longer than 256 characters.");
        RuleFor(c => c.RelyingParty).MaximumLength(1024).WithMessage("relyingParty is longer than 1024 characters.");
        RuleFor(c => c.SecurityKey!.CredentialJson).NotEmpty().WithMessage("credential must be the security key's answer (PublicKeyCredential as JSON).")
            .MaximumLength(MaxCredentialLength).WithMessage($"credential is longer than {MaxCredentialLength} characters.")
            .When(c => c.SecurityKey is not null);
    }
}
