using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace MfaMonolith.Tests.Support;

/// <summary>Reads a backup-codes PDF back, as a person printing it would see it.</summary>
public static partial class BackupCodesPdfText
{
    public static string AllText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))));
    }

    /// <summary>Every grouped backup code (<c>xxxx-xxxx-xx</c>) in the document.</summary>
    public static List<string> CodesIn(byte[] pdf) =>
        GroupedCode().Matches(AllText(pdf)).Select(m => m.Value).ToList();

    [GeneratedRegex("\\b[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}\\b")]
    private static partial Regex GroupedCode();
}
