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
