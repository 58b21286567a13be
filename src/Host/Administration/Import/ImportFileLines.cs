using System.Text;

namespace MfaMonolith.Host.Administration.Import;

/// <summary>One record of an import file: its line number (from 1) and its text, or why the line cannot be read.</summary>
internal sealed record ImportLine(int Number, string Text, string? Refusal = null);

/// <summary>
/// Reads an import file line by line, so that one bad line costs that line only: JSON lines, and a JSON array written
/// one element per line (its brackets and separating commas dropped), read the same way. A line longer than
/// <see cref="MaxLineChars"/> is refused without being kept in memory whole.
/// </summary>
internal static class ImportFileLines
{
    public const int MaxLineChars = 64 * 1024;

    public static IEnumerable<ImportLine> Read(TextReader reader)
    {
        var line = new StringBuilder();
        var number = 0;
        while (true)
        {
            number++;
            line.Clear();
            var tooLong = false;
            int read;
            while ((read = reader.Read()) is not -1 and not '\n')
            {
                if (line.Length < MaxLineChars)
                    line.Append((char)read);
                else
                    tooLong = true;
            }

            if (read == -1 && line.Length == 0)
                yield break;
            if (tooLong)
            {
                yield return new ImportLine(number, "", $"the line is longer than {MaxLineChars.ToString(System.Globalization.CultureInfo.InvariantCulture)} characters");
                continue;
            }

            var text = JsonArrayElement(line.ToString().TrimEnd('\r').Trim());
            if (text.Length > 0)
                yield return new ImportLine(number, text);
        }
    }

    /// <summary>The element on one line of a one-element-per-line JSON array; other lines as they are.</summary>
    private static string JsonArrayElement(string text)
    {
        if (text is "[" or "]" or "],")
            return "";
        if (text.StartsWith('[') && text.Length > 1 && text[1] == '{')
            text = text[1..];
        if (text.EndsWith(']') && text.Length > 1 && text[^2] == '}')
            text = text[..^1];
        return text.EndsWith(',') ? text[..^1] : text;
    }
}
