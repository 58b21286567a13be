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

/// <summary>The kinds of token a user holds.</summary>
[Flags]
internal enum TokenKinds
{
    None = 0,
    Totp = 1,
    SecurityKey = 2,
}

/// <summary>PRODUCT.md's five rules, in order. Pure: the decision table tests call it directly.</summary>
internal static class MfaPolicy
{
    /// <param name="kinds">Which kinds of token the user holds when <paramref name="hasActiveToken"/>: what they can present.</param>
    public static MfaRequirement Evaluate(
        bool hasActiveToken, int unusedBackupCodes, MfaSetting? setting, CatalogSnapshot catalog, string relyingParty, IReadOnlyCollection<string>? requestedAuthnContext,
        TokenKinds kinds = TokenKinds.Totp)
    {
        var asked = AuthnContext.AsksForMfa(requestedAuthnContext);

        // 1. No active token: settings are ignored, so nobody is locked out by their own choice.
        if (!hasActiveToken)
            return new MfaRequirement(asked, false, asked ? MfaReason.RequestedByService : MfaReason.NotActivated, []);

        var methods = MethodsOf(kinds, unusedBackupCodes > 0);

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

    // Every login answers one of these: built once, not per call.
    private static readonly IReadOnlyList<SecondFactorMethod>[] MethodLists = [.. Enumerable.Range(0, 8).Select(BuildMethods)];

    /// <summary>TOTP, then WEBAUTHN, then BACKUP_CODE (only beside a token), as far as the user holds them.</summary>
    private static IReadOnlyList<SecondFactorMethod> MethodsOf(TokenKinds kinds, bool hasBackupCodes) =>
        MethodLists[(int)(kinds & (TokenKinds.Totp | TokenKinds.SecurityKey)) | (hasBackupCodes ? 4 : 0)];

    private static IReadOnlyList<SecondFactorMethod> BuildMethods(int index)
    {
        var methods = new List<SecondFactorMethod>(3);
        if ((index & (int)TokenKinds.Totp) != 0)
            methods.Add(SecondFactorMethod.Totp);
        if ((index & (int)TokenKinds.SecurityKey) != 0)
            methods.Add(SecondFactorMethod.Webauthn);
        if ((index & 4) != 0 && methods.Count > 0)
            methods.Add(SecondFactorMethod.BackupCode);
        return methods.AsReadOnly();
    }

    /// <summary>The status shown to users and admins.</summary>
    public static string Status(bool hasActiveToken, MfaSetting? setting) =>
        !hasActiveToken || setting is null || setting.Mode == MfaSettingMode.None || (setting.Mode == MfaSettingMode.Selected && setting.IncludedCategories.Count == 0)
            ? "OFF"
            : setting.Mode == MfaSettingMode.All ? "ENFORCED_ALL" : "ENFORCED_PARTIALLY";
}
