using System.Net;
using System.Text.RegularExpressions;

namespace MfaMonolith.Tests.Support;

/// <summary>Just enough reading of server-rendered HTML for tests: attribute values and elements, decoded.</summary>
public static partial class Html
{
    /// <summary>The decoded values of <paramref name="attribute"/> on every <paramref name="element"/> tag.</summary>
    public static IReadOnlyList<string> AttributeValues(string html, string element, string attribute) =>
        [.. Tags(html, element)
            .Select(tag => Regex.Match(tag, $"\\s{Regex.Escape(attribute)}=\"([^\"]*)\"", RegexOptions.IgnoreCase))
            .Where(m => m.Success)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// <summary>Every opening tag of <paramref name="element"/>, as written.</summary>
    public static IReadOnlyList<string> Tags(string html, string element) =>
        [.. Regex.Matches(html, $"<{Regex.Escape(element)}(\\s[^>]*)?>", RegexOptions.IgnoreCase).Select(m => m.Value)];

    /// <summary>The decoded value of the <c>&lt;input&gt;</c> named <paramref name="name"/>, or null.</summary>
    public static string? InputValue(string html, string name) =>
        Tags(html, "input").Where(tag => tag.Contains($" name=\"{name}\"", StringComparison.Ordinal))
            .Select(tag => Regex.Match(tag, "\\svalue=\"([^\"]*)\""))
            .Where(m => m.Success)
            .Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .FirstOrDefault();

    /// <summary>The decoded text of the elements marked <c>role="alert"</c>.</summary>
    public static IReadOnlyList<string> Alerts(string html) =>
        [.. AlertElement().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value).Trim())];

    [GeneratedRegex("<[a-z]+[^>]*\\srole=\"alert\"[^>]*>(.*?)</", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AlertElement();
}
