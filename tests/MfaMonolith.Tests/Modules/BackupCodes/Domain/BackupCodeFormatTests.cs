using MfaMonolith.Modules.BackupCodes.Domain;

namespace MfaMonolith.Tests.Modules.BackupCodes.Domain;

public sealed class BackupCodeFormatTests
{
    [Fact]
    public void The_alphabet_has_no_ambiguous_characters()
    {
        foreach (var ambiguous in "01oOlIi")
            BackupCodeFormat.Alphabet.ShouldNotContain(ambiguous);
        BackupCodeFormat.Alphabet.Distinct().Count().ShouldBe(BackupCodeFormat.Alphabet.Length);
    }

    [Fact]
    public void Each_code_carries_at_least_40_bits_of_entropy() =>
        BackupCodeFormat.EntropyBits.ShouldBeGreaterThanOrEqualTo(40);

    [Fact]
    public void A_set_has_ten_distinct_codes_of_the_alphabet()
    {
        var set = BackupCodeFormat.NewSet();

        set.Count.ShouldBe(10);
        set.Distinct().Count().ShouldBe(10);
        set.ShouldAllBe(code => code.Length == BackupCodeFormat.Length && code.All(c => BackupCodeFormat.Alphabet.Contains(c)));
    }

    [Fact]
    public void Codes_use_the_whole_alphabet_over_many_draws()
    {
        var seen = Enumerable.Range(0, 400).SelectMany(_ => BackupCodeFormat.NewCode()).ToHashSet();

        seen.Count.ShouldBe(BackupCodeFormat.Alphabet.Length);
    }

    [Fact]
    public void Codes_are_shown_in_groups_for_reading() =>
        BackupCodeFormat.Grouped("k7wp3mqax9").ShouldBe("k7wp-3mqa-x9");

    [Theory]
    [InlineData("k7wp-3mqa-x9", "k7wp3mqax9")]
    [InlineData("K7WP 3MQA X9", "k7wp3mqax9")]
    [InlineData(" k7wp3mqax9 ", "k7wp3mqax9")]
    public void Typed_codes_ignore_case_spaces_and_dashes(string typed, string expected) =>
        BackupCodeFormat.Normalize(typed).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("k7wp-3mqa")]
    [InlineData("k7wp-3mqa-x9z")]
    [InlineData("k0wp-3mqa-x9")]
    [InlineData("k7wp-3mqa-x!")]
    [InlineData("123456")]
    public void Malformed_codes_are_not_codes(string? typed) =>
        BackupCodeFormat.Normalize(typed).ShouldBeNull();
}
