using Mono.Cecil;
using Mono.Cecil.Cil;

namespace MfaMonolith.Tests.Architecture;

/// <summary>A call from a top-level type (its nested and compiler-generated types included) to a method.</summary>
internal sealed record MethodCall(string From, string OnType, string Method)
{
    public override string ToString() => $"{From} -> {OnType}::{Method}";
}

/// <summary>
/// The one verification (PRODUCT.md "Step-up", ADR 0015): only it checks a TOTP code or spends a backup code. Its
/// primitives may be called from the few places named here and nowhere else — not from a step-up, a page, the Host or
/// another module — so that no code path can check a code outside the per-user lock-out.
/// </summary>
internal static class OneVerificationRule
{
    private const string Tokens = "MfaMonolith.Modules.Tokens";
    private const string BackupCodes = "MfaMonolith.Modules.BackupCodes";
    private const string VerifySecondFactorHandler = "MfaMonolith.Modules.ServicePolicies.Features.VerifySecondFactor.VerifySecondFactorHandler";

    /// <summary>(type, method) → the top-level types that may call it.</summary>
    public static readonly IReadOnlyDictionary<(string Type, string Method), string[]> Guarded = new Dictionary<(string, string), string[]>
    {
        // Entry points of the two modules' code checks: sent only by the one verification.
        [(Tokens + ".Contracts.VerifyTotpCode", ".ctor")] = [VerifySecondFactorHandler],
        [(BackupCodes + ".Contracts.SpendBackupCode", ".ctor")] = [VerifySecondFactorHandler],
        // What answers them inside each module.
        [(Tokens + ".Features.VerifyTotpCode.TotpVerifier", "VerifyAsync")] = [Tokens + ".Features.VerifyTotpCode.VerifyTotpCodeHandler"],
        [(BackupCodes + ".Domain.BackupCodeHasher", "IndexOfMatch")] = [BackupCodes + ".Features.SpendBackupCode.SpendBackupCodeHandler"],
        // Matching a code to a secret: the verification, and the enrolment's check of the new token's own first code
        // (which proves the app holds the secret; it verifies no factor of the user's).
        [(Tokens + ".Domain.TotpAlgorithm", "MatchingStep")] =
            [Tokens + ".Features.VerifyTotpCode.TotpVerifier", Tokens + ".Features.ConfirmEnrollment.ConfirmEnrollmentHandler"],
    };

    /// <summary>Calls of a guarded method from a type not allowed to make them.</summary>
    public static IReadOnlyList<MethodCall> Violations(System.Reflection.Assembly assembly) =>
        [.. CallsOf(assembly).Where(call => call.From != call.OnType // a record's own copy constructor
                                            && Guarded.TryGetValue((call.OnType, call.Method), out var allowed) && !allowed.Contains(call.From))];

    public static IReadOnlyList<MethodCall> CallsOf(System.Reflection.Assembly assembly)
    {
        using var definition = AssemblyDefinition.ReadAssembly(assembly.Location);
        var calls = new HashSet<MethodCall>();
        foreach (var type in definition.MainModule.Types.Where(t => t.Name != "<Module>"))
            Collect(type.FullName, type, calls);
        return [.. calls];
    }

    private static void Collect(string from, TypeDefinition type, HashSet<MethodCall> calls)
    {
        foreach (var method in type.Methods.Where(m => m.HasBody))
        {
            foreach (var instruction in method.Body.Instructions)
            {
                if (instruction.Operand is MethodReference called
                    && (instruction.OpCode == OpCodes.Call || instruction.OpCode == OpCodes.Callvirt || instruction.OpCode == OpCodes.Newobj || instruction.OpCode == OpCodes.Ldftn))
                {
                    calls.Add(new MethodCall(from, called.DeclaringType.FullName, called.Name));
                }
            }
        }

        foreach (var nested in type.NestedTypes)
            Collect(from, nested, calls);
    }
}
