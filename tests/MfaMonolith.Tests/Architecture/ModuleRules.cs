using System.CodeDom.Compiler;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace MfaMonolith.Tests.Architecture;

/// <summary>
/// A module: an assembly named <c>MfaMonolith.Modules.X</c> whose root namespace is its name. Other code may use its
/// <c>Contracts</c> namespace and its one registration entry (<c>XModule</c>); everything else is the module's own.
/// </summary>
internal sealed class ModuleAssembly(Assembly assembly)
{
    public Assembly Assembly { get; } = assembly;

    public string Name => Assembly.GetName().Name!;

    public string ContractsNamespace => Name + ".Contracts";

    /// <summary>Public static classes in the root namespace named after the module, e.g. <c>TokensModule</c>.</summary>
    public IReadOnlyList<Type> RegistrationEntries => Assembly.GetTypes()
        .Where(t => t.Namespace == Name && t.IsPublic && t is { IsAbstract: true, IsSealed: true }
                    && t.Name == Name[(Name.LastIndexOf('.') + 1)..] + "Module")
        .ToList();

    /// <summary>Whether other modules and the Host may depend on this (a type of this module).</summary>
    public bool IsOpenTo(TypeDependency dependency) =>
        dependency.OnNamespace == ContractsNamespace
        || dependency.OnNamespace.StartsWith(ContractsNamespace + ".", StringComparison.Ordinal)
        || RegistrationEntries.Any(entry => entry.FullName == dependency.OnType);

    /// <summary>What no code outside the module may ever name: its data (DbContexts, Persistence) and its Domain.</summary>
    public bool IsDataOrDomain(TypeDependency dependency) =>
        new[] { Name + ".Domain", Name + ".Persistence" }.Any(ns =>
            dependency.OnNamespace == ns || dependency.OnNamespace.StartsWith(ns + ".", StringComparison.Ordinal))
        || Assembly.GetTypes().Any(t => typeof(DbContext).IsAssignableFrom(t) && t.FullName == dependency.OnType);

    public override string ToString() => Name;
}

/// <summary>The architecture rules, each a function from types to the types that break it, so that a deliberately
/// broken fixture can be run through exactly the same check as the product.</summary>
internal static class ModuleRules
{
    public const string ModuleAssemblyPrefix = "MfaMonolith.Modules.";

    /// <summary>Every module assembly the build produced, found by name rather than listed by hand.</summary>
    public static IReadOnlyList<ModuleAssembly> Modules { get; } =
    [
        .. Directory.GetFiles(AppContext.BaseDirectory, ModuleAssemblyPrefix + "*.dll")
            .Select(path => new ModuleAssembly(Assembly.Load(AssemblyName.GetAssemblyName(path))))
            .OrderBy(m => m.Name, StringComparer.Ordinal),
    ];

    public static Assembly Host => typeof(Program).Assembly;

    public static Assembly SharedKernel => typeof(MfaMonolith.SharedKernel.Errors.AppException).Assembly;

    /// <summary>
    /// The dependencies of <paramref name="consumer"/>'s types on another module other than on its contracts and
    /// registration entry. A module's dependencies on itself are its own business.
    /// </summary>
    public static IReadOnlyList<TypeDependency> DependenciesIntoOtherModules(Assembly consumer) =>
    [
        .. TypeDependencies.Of(consumer).Where(dependency =>
            Modules.FirstOrDefault(m => m.Name == dependency.OnAssembly) is { } module
            && module.Assembly != consumer
            && !module.IsOpenTo(dependency)),
    ];

    public static ModuleAssembly ModuleOf(TypeDependency dependency) => Modules.Single(m => m.Name == dependency.OnAssembly);

    /// <summary>
    /// The Mediator source generator writes its dispatcher into the Host (STYLE.md: the generator lives in the Host,
    /// handlers stay internal with InternalsVisibleTo the Host), so that code necessarily names every handler,
    /// message and response of every module.
    /// </summary>
    public static bool IsGeneratedByMediator(Assembly assembly, TypeDependency dependency) =>
        assembly.GetType(dependency.From)?.GetCustomAttribute<GeneratedCodeAttribute>()?.Tool == "Mediator.SourceGenerator";

    /// <summary>DbContexts that code outside their assembly could see.</summary>
    public static IReadOnlyList<Type> VisibleDbContexts(IEnumerable<Type> types) =>
        [.. types.Where(t => typeof(DbContext).IsAssignableFrom(t) && t.IsVisible)];

    /// <summary>Mediator handlers that are not <c>internal sealed</c>.</summary>
    public static IReadOnlyList<Type> HandlersNotInternalSealed(IEnumerable<Type> types) =>
        [.. types.Where(t => t.IsClass && IsMediatorHandler(t) && (t.IsVisible || !t.IsSealed))];

    /// <summary>
    /// Handlers of a single <see cref="MfaMonolith.SharedKernel.SecurityEvents.SecurityEventOccurred"/> other than the Host's
    /// bridge: the outbox delivers only batches (<see cref="MfaMonolith.SharedKernel.SecurityEvents.SecurityEventsOccurred"/>),
    /// so such a handler would miss every event from an outbox (ADR 0013, "Update").
    /// </summary>
    public static IReadOnlyList<Type> HandlersOfSingleSecurityEvents(IEnumerable<Type> types) =>
        [.. types.Where(t => t != typeof(MfaMonolith.Host.SecurityEvents.SingleSecurityEventAsBatch)
                             && typeof(Mediator.INotificationHandler<MfaMonolith.SharedKernel.SecurityEvents.SecurityEventOccurred>).IsAssignableFrom(t))];

    private static bool IsMediatorHandler(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.Namespace == "Mediator" && i.Name.Contains("Handler", StringComparison.Ordinal));
}
