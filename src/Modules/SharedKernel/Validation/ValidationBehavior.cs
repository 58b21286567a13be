using FluentValidation;
using Mediator;
using MfaMonolith.SharedKernel.Errors;

namespace MfaMonolith.SharedKernel.Validation;

/// <summary>
/// Runs every validator of a message before its handler: an invalid request never reaches a handler,
/// so it cannot change anything. Validators are discovered per module assembly, never listed by hand.
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            if (!result.IsValid)
            {
                var text = string.Join(" ", result.Errors.Select(e => e.ErrorMessage).Distinct());
                throw new AppException(ErrorCodes.ValidationFailed, text);
            }
        }

        return await next(message, cancellationToken);
    }
}
