using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace MfaMonolith.Modules.BackupCodes.Features.DownloadBackupCodes;

/// <summary>The printable sheet of backup codes: product, user, date, the ten codes and how to use them.</summary>
internal static class BackupCodesPdf
{
    public static byte[] Render(string productName, string userId, DateTimeOffset generatedAt, IReadOnlyList<string> codes)
    {
        PdfFonts.EnsureConfigured();
        using var document = new PdfDocument();
        document.Info.Title = $"{productName} backup codes";
        document.Info.Author = productName;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            var title = new XFont(PdfFonts.Sans, 20, XFontStyleEx.Bold);
            var text = new XFont(PdfFonts.Sans, 11, XFontStyleEx.Regular);
            var code = new XFont(PdfFonts.Mono, 16, XFontStyleEx.Regular);
            const double left = 60;
            var y = 80.0;
            graphics.DrawString($"{productName} — backup codes", title, XBrushes.Black, left, y);
            y += 30;
            graphics.DrawString($"Account: {userId}", text, XBrushes.Black, left, y);
            y += 18;
            graphics.DrawString($"Generated: {generatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC", text, XBrushes.Black, left, y);
            y += 36;
            for (var i = 0; i < codes.Count; i++)
            {
                var column = i % 2;
                var row = i / 2;
                graphics.DrawString($"{i + 1,2}.  {codes[i]}", code, XBrushes.Black, left + (column * 230), y + (row * 30));
            }

            y += ((codes.Count + 1) / 2 * 30) + 24;
            foreach (var line in Instructions)
            {
                graphics.DrawString(line, text, XBrushes.Black, left, y);
                y += 17;
            }
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static readonly string[] Instructions =
    [
        "How to use these codes:",
        "•  When you cannot use your verification app, type one of these codes where the",
        "   verification code is asked. Spaces and dashes do not matter.",
        "•  Each code works once. Cross it out when you have used it.",
        "•  Keep this sheet somewhere safe and apart from your phone and computer.",
        "•  Generating a new set makes all of these codes stop working.",
    ];
}
