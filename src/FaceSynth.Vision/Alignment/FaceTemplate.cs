namespace FaceSynth.Vision.Alignment;

/// <summary>The insightface 5-point template (<c>arcface_dst</c>, FORMATS.md 8.1).</summary>
public static class FaceTemplate
{
    // Rounded to float32 as upstream stores them.
    private static readonly (float X, float Y)[] Arcface112 =
    [
        (38.2946f, 51.6963f), (73.5318f, 51.5014f), (56.0252f, 71.7366f), (41.5493f, 92.3655f), (70.7299f, 92.2041f),
    ];

    /// <summary>
    /// Template points for a <paramref name="size"/> x <paramref name="size"/> crop: scaled by size/112 when
    /// size is a multiple of 112, else (a multiple of 128) scaled by size/128 with 8*size/128 added to x.
    /// </summary>
    public static (double X, double Y)[] Points(int size = 112)
    {
        double ratio, dx;
        if (size % 112 == 0)
        {
            ratio = size / 112.0;
            dx = 0;
        }
        else if (size % 128 == 0)
        {
            ratio = size / 128.0;
            dx = 8.0 * ratio;
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "the crop size must be a multiple of 112 or 128");
        }

        return [.. Arcface112.Select(p => ((p.X * ratio) + dx, p.Y * ratio))];
    }
}
