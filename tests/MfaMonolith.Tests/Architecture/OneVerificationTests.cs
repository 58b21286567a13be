namespace MfaMonolith.Tests.Architecture;

public sealed class OneVerificationTests
{
    private static IEnumerable<System.Reflection.Assembly> Product => ModuleRules.Modules.Select(m => m.Assembly).Append(ModuleRules.Host);

    [Fact]
    public void Only_the_one_verification_checks_a_TOTP_code_or_spends_a_backup_code()
    {
        var calls = Product.SelectMany(OneVerificationRule.CallsOf).ToList();
        // The rule must see the calls it guards, or it passes for nothing.
        foreach (var guarded in OneVerificationRule.Guarded.Keys)
            calls.ShouldContain(c => c.OnType == guarded.Type && c.Method == guarded.Method, $"nobody calls {guarded.Type}::{guarded.Method} any more: revisit the rule");

        Product.SelectMany(OneVerificationRule.Violations).ShouldBeEmpty();
    }

    [Fact]
    public void The_rule_reports_a_step_up_that_checks_a_code_itself()
    {
        var reported = OneVerificationRule.Violations(typeof(OneVerificationTests).Assembly)
            .Where(c => c.From.StartsWith(typeof(Violations.ChecksACodeItself).Namespace + ".", StringComparison.Ordinal)).ToList();

        reported.Select(c => (c.From, c.Method)).ShouldBe(
            [
                (typeof(Violations.ChecksACodeItself).FullName!, "MatchingStep"),
                (typeof(Violations.SpendsABackupCodeBesideTheVerification).FullName!, ".ctor"),
                (typeof(Violations.SendsVerifyTotpCodeInsideALambda).FullName!, ".ctor"),
            ],
            ignoreOrder: true);
    }
}
