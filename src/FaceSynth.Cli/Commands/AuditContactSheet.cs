using System.Globalization;
using FaceSynth.Audit.Leakage;
using SkiaSharp;

namespace FaceSynth.Cli.Commands;

/// <summary>
/// The leakage contact sheet (AUDIT.md 1.5): pairs of the top list, 4 per row, synthetic image left and real image
/// right (112 x 112 each), a caption with rank, score, subjects and file names; missing images are grey tiles.
/// </summary>
internal static class AuditContactSheet
{
    public const int Face = 112;
    public const int PairsPerRow = 4;
    public const int CaptionHeight = 44;
    public const int Gap = 8;

    public static int CellWidth => (2 * Face) + Gap;

    public static int CellHeight => Face + CaptionHeight + Gap;

    /// <summary>Caption lines of pair <paramref name="rank"/> (1-based).</summary>
    public static string[] Caption(int rank, LeakagePair p) =>
    [
        string.Create(CultureInfo.InvariantCulture, $"#{rank} s={p.Score:F3}"),
        Cut($"{p.SyntheticSubject} | {p.RealSubject}"),
        Cut($"{Path.GetFileName(p.SyntheticPath ?? "-")} | {Path.GetFileName(p.RealPath ?? "-")}"),
    ];

    public static byte[] Render(IReadOnlyList<LeakagePair> pairs)
    {
        int rows = Math.Max(1, (pairs.Count + PairsPerRow - 1) / PairsPerRow);
        int cols = Math.Min(PairsPerRow, Math.Max(1, pairs.Count));
        var info = new SKImageInfo((cols * CellWidth) + Gap, (rows * CellHeight) + Gap);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKFontManager.Default.MatchFamily("DejaVu Sans") ?? SKTypeface.Default, 11);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(200, 200, 200) };
        for (int i = 0; i < pairs.Count; i++)
        {
            float x = Gap + ((i % PairsPerRow) * CellWidth), y = Gap + ((i / PairsPerRow) * CellHeight);
            Tile(canvas, pairs[i].SyntheticPath, x, y, font, text, grey);
            Tile(canvas, pairs[i].RealPath, x + Face, y, font, text, grey);
            var lines = Caption(i + 1, pairs[i]);
            for (int l = 0; l < lines.Length; l++)
            {
                canvas.DrawText(lines[l], x, y + Face + 13 + (l * 13), SKTextAlign.Left, font, text);
            }
        }

        using var snap = surface.Snapshot();
        using var data = snap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void Tile(SKCanvas canvas, string? path, float x, float y, SKFont font, SKPaint text, SKPaint grey)
    {
        var rect = new SKRect(x, y, x + Face, y + Face);
        using var bmp = path is not null && File.Exists(path) ? SKBitmap.Decode(path) : null;
        if (bmp is null)
        {
            canvas.DrawRect(rect, grey);
            canvas.DrawText("missing", x + (Face / 2f), y + (Face / 2f), SKTextAlign.Center, font, text);
            return;
        }

        using var img = SKImage.FromBitmap(bmp);
        canvas.DrawImage(img, rect, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    private static string Cut(string s) => s.Length <= 24 ? s : s[..24];
}
