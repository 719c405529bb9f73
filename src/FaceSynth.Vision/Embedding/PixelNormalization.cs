using System.Globalization;

namespace FaceSynth.Vision.Embedding;

/// <summary>Pixel normalisation <c>(x - Mean) * (1 / Std)</c> applied before a model, x in 0..255.</summary>
/// <param name="Mean">Subtracted from each 8-bit value.</param>
/// <param name="Std">Divisor.</param>
public readonly record struct PixelNormalization(float Mean, float Std)
{
    /// <summary>insightface ArcFace exports: <c>(x - 127.5) / 127.5</c>.</summary>
    public static PixelNormalization InsightFace => new(127.5f, 127.5f);

    /// <summary>Models that normalise in the graph: feed raw 0..255 values.</summary>
    public static PixelNormalization None => new(0f, 1f);

    /// <summary>Reads a <c>pixel_norm.txt</c> (two lines: mean, std; ICCV21-MFR convention).</summary>
    public static PixelNormalization ReadFile(string path)
    {
        var lines = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length != 2)
        {
            throw new FaceSynthDataException(path, $"expected two lines (mean, std), found {lines.Length}");
        }

        float Parse(int i) => float.TryParse(lines[i], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v)
            ? v
            : throw FaceSynthDataException.AtLine(path, i + 1, $"expected a number, found '{lines[i]}'");
        float mean = Parse(0), std = Parse(1);
        return std != 0 ? new PixelNormalization(mean, std) : throw FaceSynthDataException.AtLine(path, 2, "std must not be 0");
    }
}
