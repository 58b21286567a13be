using System.Globalization;
using System.Text;
using FluentValidation;

namespace MfaMonolith.SharedKernel.Validation;

public static class TextRules
{
    /// <summary>
    /// A person's label for something (a token's description): checked after trimming, 1–<paramref name="maxLength"/>
    /// characters as a person counts them (text elements), any script, but no control characters and no
    /// bidirectional overrides that could disguise what is shown.
    /// </summary>
    public static IRuleBuilderOptions<T, string> IsDisplayLabel<T>(this IRuleBuilderInitial<T, string> rule, string what, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .Must(v => !string.IsNullOrWhiteSpace(v)).WithMessage($"Enter a {what}.")
            .Must(v => v.Length <= maxLength * 4 && new StringInfo(v.Trim()).LengthInTextElements <= maxLength)
                .WithMessage($"The {what} can be at most {maxLength} characters long.")
            .Must(IsCleanText).WithMessage($"The {what} contains control characters or invalid text.");

    private static bool IsCleanText(string value)
    {
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                return false;
            if (Rune.IsControl(rune) || IsBidiControl(rune.Value)
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                return false;
            i += used;
        }

        return true;
    }

    private static bool IsBidiControl(int c) =>
        c is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);
}
