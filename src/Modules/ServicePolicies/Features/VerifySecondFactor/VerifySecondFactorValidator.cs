using FluentValidation;

namespace MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor;

internal sealed class VerifySecondFactorValidator : AbstractValidator<Contracts.VerifySecondFactor>
{
    public VerifySecondFactorValidator()
    {
        RuleFor(c => c.UserId).NotEmpty().WithMessage("userId must not be empty.").MaximumLength(256).WithMessage("userId is longer than 256 characters.");
        RuleFor(c => c.Code).NotNull().MaximumLength(256).WithMessage("code is longer than 256 characters.");
        RuleFor(c => c.RelyingParty).MaximumLength(1024).WithMessage("relyingParty is longer than 1024 characters.");
    }
}
