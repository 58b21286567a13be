using Mediator;
using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Persistence;
using MfaMonolith.Modules.Tokens.Contracts;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Modules.ServicePolicies.Features.ActivateOnFirstToken;

/// <summary>
/// Completing the first token's setup sets the user's setting to <c>all</c> (PRODUCT.md, Policy). Delivered at least
/// once (ADR 0013): a setting saved after the activation is the user's later choice, and a redelivery keeps it.
/// </summary>
internal sealed class RequireAllServicesOnFirstToken(ServicePoliciesDbContext db) : INotificationHandler<FirstTokenActivated>
{
    public async ValueTask Handle(FirstTokenActivated notification, CancellationToken cancellationToken)
    {
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.UserId == notification.UserId, cancellationToken);
        if (setting is not null && setting.UpdatedAt >= notification.At)
            return;
        if (setting is null)
        {
            setting = MfaSetting.For(notification.UserId);
            db.Settings.Add(setting);
        }

        setting.RequireAll(notification.At, "system:first-token");
        await db.SaveChangesAsync(cancellationToken);
    }
}
