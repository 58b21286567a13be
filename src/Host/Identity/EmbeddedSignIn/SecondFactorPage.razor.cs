using Mediator;
using MfaMonolith.Modules.BackupCodes.Contracts;
using MfaMonolith.SharedKernel.Pages;

namespace MfaMonolith.Host.Identity.EmbeddedSignIn;

public sealed partial class SecondFactorPage
{
    /// <summary>
    /// The backup codes the prompt warns about (<see cref="FewBackupCodesWarning.LeftToWarnAbout"/>): someone about to
    /// type one of their last codes learns it before they run out. The prompt is shown only to a user with an active token.
    /// </summary>
    internal static async Task<int?> BackupCodesLeftAsync(ISender sender, string? userId, CancellationToken ct)
    {
        if (userId is null)
            return null;
        var status = await sender.Send(new GetBackupCodeStatus(userId), ct);
        return FewBackupCodesWarning.LeftToWarnAbout(true, status.Remaining, status.Acknowledged);
    }
}
