using Mediator;
using MfaMonolith.SharedKernel.Pages;

namespace MfaMonolith.Modules.Tokens.Features.SecurityKeys;

internal sealed class SecurityKeyAvailability(ISender sender) : ISecurityKeyAvailability
{
    public async Task<bool> HasSecurityKeyAsync(string userId, CancellationToken ct) =>
        (await sender.Send(new Contracts.GetTokenStatus(userId), ct)).HasSecurityKey;
}
