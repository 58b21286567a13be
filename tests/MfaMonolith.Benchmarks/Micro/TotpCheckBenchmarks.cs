using BenchmarkDotNet.Attributes;
using MfaMonolith.Modules.Tokens.Domain;
using Microsoft.AspNetCore.DataProtection;

namespace MfaMonolith.Benchmarks.Micro;

/// <summary>
/// The TOTP check of a verification, without its database work: the matching step over the window (issue 12's target:
/// ≤ 10 µs, no allocation), and the decryption of the stored secret that comes before it.
/// </summary>
[MemoryDiagnoser]
public class TotpCheckBenchmarks
{
    private byte[] secret = [];
    private byte[] protectedSecret = [];
    private string currentCode = "";
    private string wrongCode = "";
    private DateTimeOffset now;
    private TotpSecretProtector protector = null!;

    [GlobalSetup]
    public void Setup()
    {
        secret = TotpAlgorithm.NewSecret();
        now = DateTimeOffset.UtcNow;
        var step = TotpAlgorithm.TimeStep(now, TotpAlgorithm.DefaultPeriodSeconds);
        currentCode = TotpAlgorithm.Code(secret, step);
        wrongCode = TotpAlgorithm.Code(secret, step + 1_000);
        protector = new TotpSecretProtector(new EphemeralDataProtectionProvider());
        protectedSecret = protector.Protect(secret);
    }

    /// <summary>Every step of the window is computed either way (constant time), so a match costs what a miss does.</summary>
    [Benchmark(Baseline = true)]
    public long? MatchingStep_current_code() =>
        TotpAlgorithm.MatchingStep(secret, currentCode, now, TotpAlgorithm.DefaultPeriodSeconds, TotpAlgorithm.DefaultDigits, windowSteps: 1);

    [Benchmark]
    public long? MatchingStep_wrong_code() =>
        TotpAlgorithm.MatchingStep(secret, wrongCode, now, TotpAlgorithm.DefaultPeriodSeconds, TotpAlgorithm.DefaultDigits, windowSteps: 1);

    [Benchmark]
    public byte[] Unprotect_secret() => protector.Unprotect(protectedSecret);
}
