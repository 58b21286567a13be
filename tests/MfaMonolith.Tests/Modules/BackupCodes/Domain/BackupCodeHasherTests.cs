using MfaMonolith.Modules.BackupCodes.Domain;

namespace MfaMonolith.Tests.Modules.BackupCodes.Domain;

public sealed class BackupCodeHasherTests : IDisposable
{
    private readonly BackupCodeHasher hasher = new();

    public void Dispose() => hasher.Dispose();

    [Fact]
    public async Task The_same_code_and_salt_give_the_same_hash_and_another_salt_another()
    {
        var salt = BackupCodeHasher.NewSalt();

        var first = await hasher.HashAsync("k7wp3mqax9", salt, 1_000, default);
        var again = await hasher.HashAsync("k7wp3mqax9", salt, 1_000, default);
        var otherSalt = await hasher.HashAsync("k7wp3mqax9", BackupCodeHasher.NewSalt(), 1_000, default);

        again.ShouldBe(first);
        otherSalt.ShouldNotBe(first);
        first.Length.ShouldBe(32);
    }

    [Fact]
    public async Task A_burst_of_evaluations_leaves_a_core_to_the_other_logins()
    {
        var salt = BackupCodeHasher.NewSalt();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => hasher.HashAsync("k7wp3mqax9", salt, 20_000, default))));

        BackupCodeHasher.MaxConcurrentEvaluations.ShouldBe(Math.Max(1, Environment.ProcessorCount - 1));
        hasher.PeakConcurrentEvaluations.ShouldBeInRange(1, BackupCodeHasher.MaxConcurrentEvaluations);
        hasher.Evaluations.ShouldBe(8);
    }

    [Fact]
    public async Task A_match_is_found_among_all_candidates()
    {
        var salt = BackupCodeHasher.NewSalt();
        var candidates = new List<byte[]>();
        foreach (var code in new[] { "aaaaaaaaaa", "bbbbbbbbbb", "cccccccccc" })
            candidates.Add(await hasher.HashAsync(code, salt, 1_000, default));

        BackupCodeHasher.IndexOfMatch(await hasher.HashAsync("bbbbbbbbbb", salt, 1_000, default), candidates).ShouldBe(1);
        BackupCodeHasher.IndexOfMatch(await hasher.HashAsync("dddddddddd", salt, 1_000, default), candidates).ShouldBe(-1);
    }
}
