using BenchmarkDotNet.Attributes;
using MfaMonolith.Modules.BackupCodes.Domain;

namespace MfaMonolith.Benchmarks.Micro;

/// <summary>
/// The backup-code check of a verification, without its database work: one PBKDF2 evaluation with the set's salt at
/// the default iterations, then the constant-time comparison with the set's ten hashes.
/// </summary>
[MemoryDiagnoser]
public class BackupCodeCheckBenchmarks : IDisposable
{
    private readonly BackupCodeHasher hasher = new();
    private byte[] salt = [];
    private List<byte[]> hashes = [];
    private string lastCode = "";

    [GlobalSetup]
    public async Task Setup()
    {
        salt = BackupCodeHasher.NewSalt();
        var codes = BackupCodeFormat.NewSet();
        hashes = [];
        foreach (var code in codes)
            hashes.Add(await hasher.HashAsync(code, salt, BackupCodeHasher.DefaultIterations, CancellationToken.None));
        lastCode = codes[^1];
    }

    [Benchmark]
    public async Task<int> Hash_and_match()
    {
        var hash = await hasher.HashAsync(lastCode, salt, BackupCodeHasher.DefaultIterations, CancellationToken.None);
        return BackupCodeHasher.IndexOfMatch(hash, hashes);
    }

    [Benchmark]
    public int Match_only() => BackupCodeHasher.IndexOfMatch(hashes[^1], hashes);

    public void Dispose()
    {
        hasher.Dispose();
        GC.SuppressFinalize(this);
    }
}
