namespace MfaMonolith.Tests.Architecture;

public sealed class ModuleBoundaryTests
{
    private static Type[] TypesIn(string @namespace) =>
        [.. typeof(ModuleBoundaryTests).Assembly.GetTypes().Where(t => t.Namespace == @namespace)];

    private static List<TypeDependency> DependenciesIntoOtherModulesFrom(string @namespace) =>
        [.. ModuleRules.DependenciesIntoOtherModules(typeof(ModuleBoundaryTests).Assembly)
            .Where(d => d.From.StartsWith(@namespace + ".", StringComparison.Ordinal))];

    [Fact]
    public void Every_module_is_found_and_has_one_registration_entry()
    {
        ModuleRules.Modules.Select(m => m.Name).ShouldContain("MfaMonolith.Modules.Tokens");
        ModuleRules.Modules.ShouldAllBe(m => m.RegistrationEntries.Count == 1);
        ModuleRules.Modules.Single(m => m.Name == "MfaMonolith.Modules.Tokens").RegistrationEntries
            .ShouldBe([typeof(MfaMonolith.Modules.Tokens.TokensModule)]);
    }

    [Fact]
    public void Modules_use_each_other_only_through_contracts() =>
        ModuleRules.Modules.SelectMany(m => ModuleRules.DependenciesIntoOtherModules(m.Assembly)).ShouldBeEmpty();

    [Fact]
    public void The_shared_kernel_depends_on_no_module() =>
        ModuleRules.SharedKernel.GetReferencedAssemblies().Select(a => a.Name!)
            .ShouldNotContain(name => name.StartsWith(ModuleRules.ModuleAssemblyPrefix, StringComparison.Ordinal));

    [Fact]
    public void The_host_uses_modules_only_through_contracts_and_registration_entries() =>
        ModuleRules.DependenciesIntoOtherModules(ModuleRules.Host)
            .Where(d => !ModuleRules.IsGeneratedByMediator(ModuleRules.Host, d))
            .ShouldBeEmpty();

    [Fact]
    public void Not_even_the_mediator_code_generated_into_the_host_sees_a_modules_DbContext_domain_or_persistence()
    {
        var generated = ModuleRules.DependenciesIntoOtherModules(ModuleRules.Host)
            .Where(d => ModuleRules.IsGeneratedByMediator(ModuleRules.Host, d)).ToList();
        generated.ShouldNotBeEmpty("the generated dispatcher names the modules' handlers; if it no longer does, revisit this rule");

        generated.Where(d => ModuleRules.ModuleOf(d).IsDataOrDomain(d)).ShouldBeEmpty();
    }

    [Fact]
    public void A_modules_DbContext_is_not_public()
    {
        var modules = ModuleRules.Modules.SelectMany(m => m.Assembly.GetTypes()).ToList();
        modules.ShouldContain(typeof(MfaMonolith.Modules.Tokens.Persistence.TokensDbContext), "the rule must see the DbContexts it guards");

        ModuleRules.VisibleDbContexts(modules).ShouldBeEmpty();
    }

    [Fact]
    public void Handlers_are_internal_sealed()
    {
        var types = ModuleRules.Modules.SelectMany(m => m.Assembly.GetTypes()).Concat(ModuleRules.Host.GetTypes()).ToList();
        types.ShouldContain(typeof(MfaMonolith.Modules.Tokens.Features.VerifyTotpCode.VerifyTotpCodeHandler), "the rule must see the handlers it guards");

        ModuleRules.HandlersNotInternalSealed(types).ShouldBeEmpty();
    }

    // The rules can fail: the same functions, run over code that breaks them on purpose.

    [Fact]
    public void The_boundary_rule_reports_code_that_reaches_into_a_modules_persistence_or_domain()
    {
        var reported = DependenciesIntoOtherModulesFrom(typeof(Violations.ReachesIntoTheDbContext).Namespace!);

        reported.ShouldContain(d => d.From == typeof(Violations.ReachesIntoTheDbContext).FullName
                                    && d.OnType == typeof(MfaMonolith.Modules.Tokens.Persistence.TokensDbContext).FullName);
        reported.ShouldContain(d => d.From == typeof(Violations.ReachesIntoTheDomainInsideAnAsyncLambda).FullName
                                    && d.OnType == typeof(MfaMonolith.Modules.Tokens.Domain.TotpAlgorithm).FullName);
        reported.ShouldAllBe(d => ModuleRules.ModuleOf(d).IsDataOrDomain(d));
    }

    [Fact]
    public void The_boundary_rule_does_not_report_code_that_uses_contracts_and_the_registration_entry()
    {
        TypesIn(typeof(Allowed.UsesContractsAndTheRegistrationEntry).Namespace!).ShouldNotBeEmpty();

        DependenciesIntoOtherModulesFrom(typeof(Allowed.UsesContractsAndTheRegistrationEntry).Namespace!).ShouldBeEmpty();
    }

    [Fact]
    public void The_DbContext_rule_reports_a_public_DbContext() =>
        ModuleRules.VisibleDbContexts(TypesIn(typeof(Violations.PublicDbContext).Namespace!)).ShouldBe([typeof(Violations.PublicDbContext)]);

    [Fact]
    public void Security_events_are_handled_in_batches_only_the_bridge_handles_a_single_one()
    {
        var types = ModuleRules.Modules.SelectMany(m => m.Assembly.GetTypes()).Concat(ModuleRules.Host.GetTypes())
            .Concat(ModuleRules.SharedKernel.GetTypes()).ToList();
        types.ShouldContain(typeof(MfaMonolith.Host.SecurityEvents.SingleSecurityEventAsBatch), "the rule must see the handlers it guards");

        ModuleRules.HandlersOfSingleSecurityEvents(types).ShouldBeEmpty();
    }

    [Fact]
    public void The_batch_rule_reports_a_handler_of_single_security_events() =>
        ModuleRules.HandlersOfSingleSecurityEvents(TypesIn(typeof(Violations.PublicHandler).Namespace!))
            .ShouldBe([typeof(Violations.HandlesOneSecurityEventOnly)]);

    [Fact]
    public void The_handler_rule_reports_public_and_unsealed_handlers() =>
        ModuleRules.HandlersNotInternalSealed(TypesIn(typeof(Violations.PublicHandler).Namespace!))
            .ShouldBe([typeof(Violations.PublicHandler), typeof(Violations.UnsealedHandler)], ignoreOrder: true);
}
