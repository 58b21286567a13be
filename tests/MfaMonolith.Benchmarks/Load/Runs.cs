namespace MfaMonolith.Benchmarks.Load;

/// <summary>The runs of one benchmark, by the names the table and the targets use.</summary>
internal static class Runs
{
    public const string Plaintext = "plaintext (reference app)";
    public const string ReferenceGraphQL = "GraphQL query (reference app)";
    public const string HealthLive = "/health/live";
    public const string Requirement = "mfaRequirement, mix";
    public const string RequirementOneConnection = "mfaRequirement, mix, 1 caller";
    public const string Accepted = "verifySecondFactor TOTP accepted";
    public const string Replayed = "verifySecondFactor TOTP replayed";
    public const string Invalid = "verifySecondFactor TOTP invalid";
    public const string PolicyProbe = "probe: mfaRequirement";
    public const string TotpProbe = "probe: TOTP accepted";
    public const string BackupCodes = "verifySecondFactor backup code";
    public const string LoadedPolicyProbe = "probe: mfaRequirement, under backup-code load";
    public const string LoadedTotpProbe = "probe: TOTP accepted, under backup-code load";
}
