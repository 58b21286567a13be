using System.Globalization;
using System.Text.RegularExpressions;

namespace MfaMonolith.Modules.ServicePolicies.Domain;

/// <summary>
/// A catalogue entry's labels per language, as Perun's <c>mfaCategories</c> keeps them (<c>{"en": "…", "cs": "…"}</c>).
/// <see cref="DefaultLanguage"/>'s label is also the entry's single <c>Label</c>, which every reader that does not ask
/// for a language shows; an entry made with one label only has that label in the default language.
/// </summary>
internal static partial class CatalogueLabels
{
    public const string DefaultLanguage = Contracts.CategoryToImport.DefaultLanguage;
    public const int MaxLabelLength = 256;
    public const int MaxLanguages = 32;

    /// <summary>A BCP 47-like tag: "en", "cs", "en-GB", "zh-Hant-TW". Nothing else is a key a page could match.</summary>
    public static bool IsLanguageTag(string tag) => tag.Length <= 35 && LanguageTag().IsMatch(tag);

    /// <summary>Why these labels cannot be stored, or null. An empty set is allowed: the entry is then labelled by its id.</summary>
    public static string? Refusal(IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count > MaxLanguages)
            return $"more than {MaxLanguages} languages";
        foreach (var (language, label) in labels)
        {
            if (!IsLanguageTag(language))
                return $"'{Clip(language)}' is not a language tag such as en or cs";
            if (label.Trim().Length is 0 or > MaxLabelLength)
                return $"the {language} label must be 1–{MaxLabelLength} characters";
        }

        return null;
    }

    /// <summary>The single label: the default language's, else the first language's in order, else the id.</summary>
    public static string SingleLabel(IReadOnlyDictionary<string, string> labels, string id) =>
        labels.TryGetValue(DefaultLanguage, out var label) ? label
        : labels.Count > 0 ? labels.OrderBy(l => l.Key, StringComparer.Ordinal).First().Value
        : id;

    /// <summary>
    /// The labels an entry stands for: those stored, or — for an entry made with one label, before labels per language
    /// existed — that label in the default language. Comparing these makes an export imported again a no-op.
    /// </summary>
    public static SortedDictionary<string, string> Effective(IReadOnlyDictionary<string, string> labels, string label) =>
        labels.Count > 0
            ? new SortedDictionary<string, string>(labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal), StringComparer.Ordinal)
            : new SortedDictionary<string, string>(StringComparer.Ordinal) { [DefaultLanguage] = label };

    /// <summary>A new label in the default language: an entry with labels per language keeps the others.</summary>
    public static (string Label, Dictionary<string, string> Labels) WithDefault(Dictionary<string, string> labels, string label)
    {
        if (labels.Count == 0)
            return (label, labels);
        var changed = new Dictionary<string, string>(labels, StringComparer.Ordinal) { [DefaultLanguage] = label };
        return (label, changed);
    }

    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(l => b.TryGetValue(l.Key, out var other) && string.Equals(l.Value, other, StringComparison.Ordinal));

    /// <summary>
    /// The label for a reader's language: the exact tag ("en-GB"), then its language ("en"), then the single label.
    /// </summary>
    public static string For(IReadOnlyDictionary<string, string> labels, string label, CultureInfo culture)
    {
        for (var c = culture; !string.IsNullOrEmpty(c.Name); c = c.Parent)
        {
            var match = labels.FirstOrDefault(l => string.Equals(l.Key, c.Name, StringComparison.OrdinalIgnoreCase));
            if (match.Value is not null)
                return match.Value;
        }

        return label;
    }

    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
