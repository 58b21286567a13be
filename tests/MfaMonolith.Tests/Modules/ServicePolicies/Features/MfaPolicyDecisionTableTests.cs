using MfaMonolith.Modules.ServicePolicies.Domain;
using MfaMonolith.Modules.ServicePolicies.Features.GetMfaRequirement;

namespace MfaMonolith.Tests.Modules.ServicePolicies.Features;

/// <summary>PRODUCT.md's policy rules as a decision table over the pure <see cref="MfaPolicy"/>.</summary>
public sealed class MfaPolicyDecisionTableTests
{
    private const string RefedsMfa = "https://refeds.org/profile/mfa";
    private const string MsMfa = "http://schemas.microsoft.com/claims/multipleauthn";
    private const string RefedsSfa = "https://refeds.org/profile/sfa";
    private const string Ppt = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    // research: wiki, cluster; library: catalogue. "unknown-rp" is in no category.
    private static readonly CatalogSnapshot Catalog = new(
        new Dictionary<string, string> { ["https://wiki.example.org"] = "research", ["cluster-client"] = "research", ["https://library.example.org"] = "library" },
        new HashSet<string> { "research", "library" });

    /// <summary>Settings by name, since the domain types are internal to the module.</summary>
    private static MfaSetting? Setting(string name)
    {
        if (name == "missing")
            return null;
        var setting = MfaSetting.For("u");
        switch (name)
        {
            case "none": setting.Clear(Now); break;
            case "all": setting.RequireAll(Now, "user:alice"); break;
            case "research": setting.RequireSelected(["research"], [], Now, "user:alice"); break;
            case "research-but-wiki": setting.RequireSelected(["research"], ["https://wiki.example.org"], Now, "user:alice"); break;
            case "research+library": setting.RequireSelected(["research", "library"], [], Now, "user:alice"); break;
            case "selected-empty": setting.RequireSelected([], [], Now, "user:alice"); break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }

        return setting;
    }

    private static List<string>? Acrs(string acrs) => acrs switch
    {
        "null" => null,
        "" => [],
        _ => [.. acrs.Split('|').Select(a => a switch { "MFA" => RefedsMfa, "MS" => MsMfa, "SFA" => RefedsSfa, "PPT" => Ppt, _ => a })],
    };

    [Theory]
    // 1. No active token: settings ignored, never satisfiable, no methods; required only when the service asks.
    [InlineData(false, 0, "missing", "https://wiki.example.org", "", false, "NotActivated")]
    [InlineData(false, 0, "missing", "https://wiki.example.org", "null", false, "NotActivated")]
    [InlineData(false, 5, "all", "https://wiki.example.org", "", false, "NotActivated")]
    [InlineData(false, 5, "research", "https://wiki.example.org", "SFA", false, "NotActivated")]
    [InlineData(false, 5, "research", "https://wiki.example.org", "PPT", false, "NotActivated")]
    [InlineData(false, 0, "all", "unknown-rp", "", false, "NotActivated")]
    [InlineData(false, 0, "missing", "https://wiki.example.org", "MFA", true, "RequestedByService")]
    [InlineData(false, 10, "all", "https://wiki.example.org", "MS", true, "RequestedByService")]
    [InlineData(false, 0, "none", "unknown-rp", "SFA|MFA", true, "RequestedByService")]
    // 2. The service asks for MFA: REFEDS MFA or Microsoft multipleauthn, alone or anywhere in a list.
    [InlineData(true, 0, "missing", "unknown-rp", "MFA", true, "RequestedByService")]
    [InlineData(true, 0, "none", "https://wiki.example.org", "MS", true, "RequestedByService")]
    [InlineData(true, 0, "research", "https://library.example.org", "PPT|SFA|MFA", true, "RequestedByService")]
    [InlineData(true, 0, "all", "https://wiki.example.org", "MS|PPT", true, "RequestedByService")]
    [InlineData(true, 0, "research-but-wiki", "https://wiki.example.org", "SFA|MS", true, "RequestedByService")]
    // Single-factor or unknown ACRs are not a request for MFA.
    [InlineData(true, 0, "missing", "https://wiki.example.org", "SFA", false, "NotEnforced")]
    [InlineData(true, 0, "missing", "https://wiki.example.org", "PPT", false, "NotEnforced")]
    [InlineData(true, 0, "missing", "https://wiki.example.org", "SFA|PPT", false, "NotEnforced")]
    [InlineData(true, 0, "missing", "https://wiki.example.org", "https://refeds.org/profile/MFA", false, "NotEnforced")]
    [InlineData(true, 0, "missing", "https://wiki.example.org", "", false, "NotEnforced")]
    [InlineData(true, 0, "missing", "https://wiki.example.org", "null", false, "NotEnforced")]
    // 3. All services.
    [InlineData(true, 0, "all", "https://wiki.example.org", "", true, "EnforcedAll")]
    [InlineData(true, 0, "all", "unknown-rp", "SFA", true, "EnforcedAll")]
    [InlineData(true, 0, "all", "https://library.example.org", "PPT", true, "EnforcedAll")]
    // 4. Included category, not excluded.
    [InlineData(true, 0, "research", "https://wiki.example.org", "", true, "EnforcedCategory")]
    [InlineData(true, 0, "research", "cluster-client", "SFA", true, "EnforcedCategory")]
    [InlineData(true, 0, "research-but-wiki", "cluster-client", "", true, "EnforcedCategory")]
    [InlineData(true, 0, "research+library", "https://library.example.org", "PPT", true, "EnforcedCategory")]
    // 5. Otherwise not required: excluded RP, RP of another category, unknown RP, no or empty setting.
    [InlineData(true, 0, "research-but-wiki", "https://wiki.example.org", "", false, "NotEnforced")]
    [InlineData(true, 0, "research", "https://library.example.org", "", false, "NotEnforced")]
    [InlineData(true, 0, "research", "unknown-rp", "", false, "NotEnforced")]
    [InlineData(true, 0, "research+library", "unknown-rp", "SFA", false, "NotEnforced")]
    [InlineData(true, 0, "selected-empty", "https://wiki.example.org", "", false, "NotEnforced")]
    [InlineData(true, 0, "none", "https://wiki.example.org", "", false, "NotEnforced")]
    [InlineData(true, 0, "none", "unknown-rp", "", false, "NotEnforced")]
    [InlineData(true, 0, "missing", "unknown-rp", "PPT", false, "NotEnforced")]
    public void The_rules_apply_in_order(bool hasToken, int backupCodes, string setting, string relyingParty, string acrs, bool required, string reason)
    {
        var result = MfaPolicy.Evaluate(hasToken, backupCodes, Setting(setting), Catalog, relyingParty, Acrs(acrs));

        result.Required.ShouldBe(required);
        result.Reason.ToString().ShouldBe(reason);
        result.Satisfiable.ShouldBe(hasToken);
        if (!hasToken)
            result.Methods.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false, 0, "")]
    [InlineData(false, 10, "")]
    [InlineData(true, 0, "Totp")]
    [InlineData(true, 1, "Totp,BackupCode")]
    [InlineData(true, 10, "Totp,BackupCode")]
    public void Methods_are_TOTP_with_an_active_token_and_backup_codes_only_beside_it(bool hasToken, int backupCodes, string methods)
    {
        foreach (var setting in new[] { "missing", "all", "research" })
        foreach (var acrs in new[] { "", "MFA" })
        {
            var result = MfaPolicy.Evaluate(hasToken, backupCodes, Setting(setting), Catalog, "https://wiki.example.org", Acrs(acrs));
            string.Join(',', result.Methods).ShouldBe(methods, $"setting {setting}, acrs '{acrs}'");
        }
    }

    [Fact]
    public void Without_a_token_the_catalogue_does_not_matter_either()
    {
        var withCatalog = MfaPolicy.Evaluate(false, 3, Setting("research"), Catalog, "https://wiki.example.org", []);
        var withoutCatalog = MfaPolicy.Evaluate(false, 3, Setting("research"), CatalogSnapshot.Empty, "https://wiki.example.org", []);

        withCatalog.Required.ShouldBeFalse();
        withoutCatalog.Required.ShouldBe(withCatalog.Required);
        withoutCatalog.Reason.ShouldBe(withCatalog.Reason);
    }

    [Fact]
    public void An_included_category_needs_the_catalogue_to_know_the_relying_party()
    {
        MfaPolicy.Evaluate(true, 0, Setting("research"), CatalogSnapshot.Empty, "https://wiki.example.org", []).Reason.ShouldBe(MfaReason.NotEnforced);
    }

    [Theory]
    [InlineData(false, "missing", "OFF")]
    [InlineData(false, "all", "OFF")]
    [InlineData(false, "research", "OFF")]
    [InlineData(true, "missing", "OFF")]
    [InlineData(true, "none", "OFF")]
    [InlineData(true, "selected-empty", "OFF")]
    [InlineData(true, "all", "ENFORCED_ALL")]
    [InlineData(true, "research", "ENFORCED_PARTIALLY")]
    [InlineData(true, "research-but-wiki", "ENFORCED_PARTIALLY")]
    [InlineData(true, "research+library", "ENFORCED_PARTIALLY")]
    public void The_status_is_derived_from_the_token_and_the_setting(bool hasToken, string setting, string status) =>
        MfaPolicy.Status(hasToken, Setting(setting)).ShouldBe(status);
}
