using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.SharedKernel.GraphQL;

namespace MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;

internal enum MfaReason
{
    NotActivated,
    RequestedByService,
    EnforcedAll,
    EnforcedCategory,
    NotEnforced,
}

internal sealed record MfaRequirement(bool Required, bool Satisfiable, MfaReason Reason, IReadOnlyList<SecondFactorMethod> Methods);

/// <summary>PRODUCT.md's five rules, in order. Pure: the decision table tests call it directly.</summary>
internal static class MfaPolicy
{
    public static MfaRequirement Evaluate(
        bool hasActiveToken, int unusedBackupCodes, MfaSetting? setting, CatalogSnapshot catalog, string relyingParty, IReadOnlyCollection<string>? requestedAuthnContext)
    {
        var asked = AuthnContext.AsksForMfa(requestedAuthnContext);

        // 1. No active token: settings are ignored, so nobody is locked out by their own choice.
        if (!hasActiveToken)
            return new MfaRequirement(asked, false, asked ? MfaReason.RequestedByService : MfaReason.NotActivated, []);

        IReadOnlyList<SecondFactorMethod> methods = unusedBackupCodes > 0 ? [SecondFactorMethod.Totp, SecondFactorMethod.BackupCode] : [SecondFactorMethod.Totp];

        // 2. The service asked for MFA.
        if (asked)
            return new MfaRequirement(true, true, MfaReason.RequestedByService, methods);

        // 3. MFA for all services.
        if (setting?.Mode == MfaSettingMode.All)
            return new MfaRequirement(true, true, MfaReason.EnforcedAll, methods);

        // 4. In an included category and not excluded.
        if (setting?.Mode == MfaSettingMode.Selected
            && catalog.CategoryOfRelyingParty.TryGetValue(relyingParty, out var category)
            && setting.IncludedCategories.Contains(category)
            && !setting.ExcludedRelyingParties.Contains(relyingParty))
            return new MfaRequirement(true, true, MfaReason.EnforcedCategory, methods);

        // 5. Otherwise not required.
        return new MfaRequirement(false, true, MfaReason.NotEnforced, methods);
    }

    /// <summary>The status shown to users and admins.</summary>
    public static string Status(bool hasActiveToken, MfaSetting? setting) =>
        !hasActiveToken || setting is null || setting.Mode == MfaSettingMode.None || (setting.Mode == MfaSettingMode.Selected && setting.IncludedCategories.Count == 0)
            ? "OFF"
            : setting.Mode == MfaSettingMode.All ? "ENFORCED_ALL" : "ENFORCED_PARTIALLY";
}
