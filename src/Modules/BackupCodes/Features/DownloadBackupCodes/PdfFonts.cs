using PdfSharp.Fonts;

namespace MfaMonolith.Modules.BackupCodes.Features.DownloadBackupCodes;

/// <summary>
/// PDFsharp has no font resolver on Linux. This one reads DejaVu from the local disk (Debian's fonts-dejavu-core),
/// with no network access, and fails with a message naming the package when the fonts are missing.
/// </summary>
internal sealed class PdfFonts : IFontResolver
{
    public const string Sans = "DejaVu Sans";
    public const string Mono = "DejaVu Sans Mono";

    private static readonly Lock Gate = new();

    private static readonly string[] SearchDirectories =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.Fonts)),
    ];

    private static readonly Dictionary<string, string> FaceFiles = new(StringComparer.Ordinal)
    {
        ["DejaVuSans"] = "DejaVuSans.ttf",
        ["DejaVuSans-Bold"] = "DejaVuSans-Bold.ttf",
        ["DejaVuSansMono"] = "DejaVuSansMono.ttf",
        ["DejaVuSansMono-Bold"] = "DejaVuSansMono-Bold.ttf",
    };

    /// <summary>Installs the resolver once per process (PDFsharp's font settings are global).</summary>
    public static void EnsureConfigured()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is PdfFonts)
                return;
            foreach (var file in FaceFiles.Values)
                _ = Locate(file);
            GlobalFontSettings.FontResolver = new PdfFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        var mono = familyName.Contains("Mono", StringComparison.OrdinalIgnoreCase);
        var face = (mono ? "DejaVuSansMono" : "DejaVuSans") + (bold ? "-Bold" : "");
        return new FontResolverInfo(face, mustSimulateBold: false, mustSimulateItalic: italic);
    }

    public byte[]? GetFont(string faceName) =>
        FaceFiles.TryGetValue(faceName, out var file) ? File.ReadAllBytes(Locate(file)) : null;

    private static string Locate(string file) =>
        SearchDirectories.Where(d => !string.IsNullOrEmpty(d)).Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException(
            $"The font file {file} was not found (looked in {string.Join(", ", SearchDirectories.Where(d => d.Length > 0))}). " +
            "Install the DejaVu fonts to make PDFs: on Debian or Ubuntu, 'apt-get install fonts-dejavu-core'.");
}
