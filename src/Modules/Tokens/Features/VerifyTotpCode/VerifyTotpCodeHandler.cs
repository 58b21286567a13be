using Mediator;
using MfaMonolith.Modules.Tokens.Contracts;

namespace MfaMonolith.Modules.Tokens.Features.VerifyTotpCode;

internal sealed class VerifyTotpCodeHandler(TotpVerifier verifier) : ICommandHandler<Contracts.VerifyTotpCode, TotpVerification>
{
    public async ValueTask<TotpVerification> Handle(Contracts.VerifyTotpCode command, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(command.UserId, command.Code, command.WhenAccepted, cancellationToken);
}
