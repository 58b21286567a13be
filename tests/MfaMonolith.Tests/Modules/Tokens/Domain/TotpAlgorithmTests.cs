using System.Text;
using MfaMonolith.Modules.Tokens.Domain;
using OtpNet;

namespace MfaMonolith.Tests.Modules.Tokens.Domain;

public sealed class TotpAlgorithmTests
{
    private const int Period = 30;

    // RFC 6238 Appendix B: one seed per hash, each the ASCII digits "1234567890" repeated to the hash's size.
    private static byte[] Seed(TotpHash mode) => Encoding.ASCII.GetBytes(mode switch
    {
        TotpHash.Sha1 => "12345678901234567890",
        TotpHash.Sha256 => "12345678901234567890123456789012",
        TotpHash.Sha512 => "1234567890123456789012345678901234567890123456789012345678901234",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    });

    // A fixed secret and a fixed, mid-step instant make every window test deterministic.
    private static readonly byte[] Secret = Seed(TotpHash.Sha1);
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 10, TimeSpan.Zero);
    private static readonly long CurrentStep = TotpAlgorithm.TimeStep(Now, Period);

    private static long? Match(int offset, int windowSteps) =>
        TotpAlgorithm.MatchingStep(Secret, TotpAlgorithm.Code(Secret, CurrentStep + offset), Now, Period, TotpAlgorithm.DefaultDigits, windowSteps);

    [Theory]
    [InlineData(59L, "Sha1", "94287082")]
    [InlineData(59L, "Sha256", "46119246")]
    [InlineData(59L, "Sha512", "90693936")]
    [InlineData(1111111109L, "Sha1", "07081804")]
    [InlineData(1111111109L, "Sha256", "68084774")]
    [InlineData(1111111109L, "Sha512", "25091201")]
    [InlineData(1111111111L, "Sha1", "14050471")]
    [InlineData(1111111111L, "Sha256", "67062674")]
    [InlineData(1111111111L, "Sha512", "99943326")]
    [InlineData(1234567890L, "Sha1", "89005924")]
    [InlineData(1234567890L, "Sha256", "91819424")]
    [InlineData(1234567890L, "Sha512", "93441116")]
    [InlineData(2000000000L, "Sha1", "69279037")]
    [InlineData(2000000000L, "Sha256", "90698825")]
    [InlineData(2000000000L, "Sha512", "38618901")]
    [InlineData(20000000000L, "Sha1", "65353130")]
    [InlineData(20000000000L, "Sha256", "77737706")]
    [InlineData(20000000000L, "Sha512", "47863826")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixTime, string hash, string expected)
    {
        var step = TotpAlgorithm.TimeStep(DateTimeOffset.FromUnixTimeSeconds(unixTime), Period);
        step.ShouldBe(unixTime / Period);

        var mode = Enum.Parse<TotpHash>(hash);
        TotpAlgorithm.Code(Seed(mode), step, digits: 8, mode).ShouldBe(expected);
    }

    /// <summary>The verification's own match finds the RFC vectors' steps with each hash (tokens imported with them).</summary>
    [Theory]
    [InlineData(1111111109L, "Sha256", "68084774")]
    [InlineData(1111111109L, "Sha512", "25091201")]
    [InlineData(2000000000L, "Sha256", "90698825")]
    public void The_match_finds_the_RFC_6238_vectors_of_SHA256_and_SHA512(long unixTime, string hash, string code)
    {
        var mode = Enum.Parse<TotpHash>(hash);
        var at = DateTimeOffset.FromUnixTimeSeconds(unixTime);

        TotpAlgorithm.MatchingStep(Seed(mode), code, at, Period, 8, 0, mode).ShouldBe(unixTime / Period);
        TotpAlgorithm.MatchingStep(Seed(mode), code, at, Period, 8, 0, TotpHash.Sha1).ShouldBeNull();
    }

    /// <summary>60-second steps: a code is the HOTP of time / 60, and stays valid for the whole minute.</summary>
    [Fact]
    public void A_60_second_token_has_one_code_per_minute()
    {
        var seed = Seed(TotpHash.Sha256);
        var start = DateTimeOffset.FromUnixTimeSeconds(1_111_111_080); // a multiple of 60
        var code = TotpAlgorithm.Code(seed, 1_111_111_080 / 60, 8, TotpHash.Sha256);

        TotpAlgorithm.MatchingStep(seed, code, start.AddSeconds(59), 60, 8, 0, TotpHash.Sha256).ShouldBe(1_111_111_080 / 60);
        TotpAlgorithm.MatchingStep(seed, code, start.AddSeconds(60), 60, 8, 0, TotpHash.Sha256).ShouldBeNull();
    }

    [Fact]
    public void Six_digit_codes_are_the_last_six_digits_of_the_RFC_vectors()
    {
        // RFC 4226 truncation modulo 10^6 instead of 10^8: the same value, fewer leading digits.
        TotpAlgorithm.Code(Seed(TotpHash.Sha1), 59 / Period).ShouldBe("287082");
        TotpAlgorithm.Code(Seed(TotpHash.Sha1), 1111111109 / Period).ShouldBe("081804");
    }

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(29L, 0L)]
    [InlineData(30L, 1L)]
    [InlineData(59L, 1L)]
    [InlineData(60L, 2L)]
    public void A_time_step_starts_on_a_multiple_of_the_period(long unixTime, long expectedStep) =>
        TotpAlgorithm.TimeStep(DateTimeOffset.FromUnixTimeSeconds(unixTime), Period).ShouldBe(expectedStep);

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void With_a_window_of_one_the_current_step_and_one_either_side_are_accepted(int offset) =>
        Match(offset, windowSteps: 1).ShouldBe(CurrentStep + offset);

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void With_a_window_of_one_codes_two_steps_away_are_rejected(int offset) =>
        Match(offset, windowSteps: 1).ShouldBeNull();

    [Fact]
    public void With_a_window_of_zero_only_the_current_step_is_accepted()
    {
        Match(0, windowSteps: 0).ShouldBe(CurrentStep);
        Match(-1, windowSteps: 0).ShouldBeNull();
        Match(1, windowSteps: 0).ShouldBeNull();
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void A_window_of_two_accepts_codes_two_steps_away(int offset) =>
        Match(offset, windowSteps: 2).ShouldBe(CurrentStep + offset);

    [Theory]
    [InlineData(-3)]
    [InlineData(3)]
    public void A_window_of_two_rejects_codes_three_steps_away(int offset) =>
        Match(offset, windowSteps: 2).ShouldBeNull();

    [Fact]
    public void The_previous_step_stays_accepted_up_to_the_last_second_of_the_current_step()
    {
        var lastSecond = DateTimeOffset.FromUnixTimeSeconds((CurrentStep + 1) * Period - 1);
        var firstSecondOfNext = lastSecond.AddSeconds(1);
        var previousCode = TotpAlgorithm.Code(Secret, CurrentStep - 1);

        TotpAlgorithm.MatchingStep(Secret, previousCode, lastSecond, Period, 6, 1).ShouldBe(CurrentStep - 1);
        TotpAlgorithm.MatchingStep(Secret, previousCode, firstSecondOfNext, Period, 6, 1).ShouldBeNull();
    }

    [Fact]
    public void A_code_of_another_secret_is_rejected()
    {
        var other = Encoding.ASCII.GetBytes("09876543210987654321");

        TotpAlgorithm.MatchingStep(Secret, TotpAlgorithm.Code(other, CurrentStep), Now, Period, 6, 1).ShouldBeNull();
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData("123 456", "123456")]
    [InlineData("123-456", "123456")]
    [InlineData(" 12 34-56 ", "123456")]
    [InlineData("000000", "000000")]
    public void Spaces_and_dashes_people_type_are_removed(string typed, string expected) =>
        TotpAlgorithm.NormalizeCode(typed).ShouldBe(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("      ")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("abcdef")]
    [InlineData("12345.")]
    [InlineData("+12345")]
    [InlineData("１２３４５６")] // full-width digits are digits to char.IsDigit, not to an authenticator app
    [InlineData("١٢٣٤٥٦")] // Arabic-Indic digits
    [InlineData("123\t456")]
    public void Anything_that_cannot_be_a_six_digit_code_is_rejected(string? typed) =>
        TotpAlgorithm.NormalizeCode(typed).ShouldBeNull();

    [Fact]
    public void Very_long_input_is_rejected_before_it_is_cleaned()
    {
        var padded = "123456" + new string(' ', 100);

        TotpAlgorithm.NormalizeCode(padded).ShouldBeNull();
    }

    [Fact]
    public void The_code_length_follows_the_token_digits()
    {
        TotpAlgorithm.NormalizeCode("1234 5678", digits: 8).ShouldBe("12345678");
        TotpAlgorithm.NormalizeCode("123456", digits: 8).ShouldBeNull();
    }

    [Fact]
    public void Secrets_are_160_random_bits_and_never_repeat()
    {
        var first = TotpAlgorithm.NewSecret();
        var second = TotpAlgorithm.NewSecret();

        first.Length.ShouldBe(20);
        second.Length.ShouldBe(20);
        first.SequenceEqual(second).ShouldBeFalse();
        first.ShouldContain(b => b != 0);
    }
}
