using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Alignment;

/// <summary>5-point face alignment: similarity transform onto the template, then a bilinear warp (FORMATS.md 8).</summary>
public static class FaceAligner
{
    /// <summary>The map from image coordinates to crop coordinates for five <paramref name="landmarks"/>.</summary>
    public static AffineMatrix Estimate(ReadOnlySpan<(double X, double Y)> landmarks, int size = 112)
    {
        if (landmarks.Length != 5)
        {
            throw new ArgumentException($"expected 5 landmarks, got {landmarks.Length}", nameof(landmarks));
        }

        return SimilarityTransform.Estimate(landmarks, FaceTemplate.Points(size));
    }

    /// <summary>Aligns the face with <paramref name="landmarks"/> to a <paramref name="size"/>-square crop.</summary>
    public static RgbImage Align(RgbImage image, ReadOnlySpan<(double X, double Y)> landmarks, int size = 112) =>
        Warp(image, Estimate(landmarks, size), size, size);

    /// <summary>
    /// <c>warpAffine</c> semantics: output pixel (x, y) samples the input bilinearly at
    /// <c>M^-1 (x, y)</c> with pixel centres at integer coordinates; outside the image is black.
    /// </summary>
    public static RgbImage Warp(RgbImage image, AffineMatrix imageToCrop, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        var inv = imageToCrop.Invert();
        var dst = new byte[width * height * 3];
        var src = image.Pixels;
        int w = image.Width, h = image.Height;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var (sx, sy) = inv.Apply(x, y);
                if (!(sx > -1 && sy > -1 && sx < w && sy < h))
                {
                    continue;
                }

                int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
                double fx = sx - x0, fy = sy - y0;
                int o = ((y * width) + x) * 3;
                for (int c = 0; c < 3; c++)
                {
                    double p00 = Sample(src, w, h, x0, y0, c), p10 = Sample(src, w, h, x0 + 1, y0, c);
                    double p01 = Sample(src, w, h, x0, y0 + 1, c), p11 = Sample(src, w, h, x0 + 1, y0 + 1, c);
                    double top = p00 + (fx * (p10 - p00)), bottom = p01 + (fx * (p11 - p01));
                    dst[o + c] = (byte)Math.Clamp(Math.Round(top + (fy * (bottom - top))), 0, 255);
                }
            }
        }

        return new RgbImage(width, height, dst);
    }

    private static double Sample(byte[] src, int w, int h, int x, int y, int c) =>
        (uint)x < (uint)w && (uint)y < (uint)h ? src[(((y * w) + x) * 3) + c] : 0;
}
