namespace FaceSynth.Vision.Images;

/// <summary>Pixel operations on <see cref="RgbImage"/>: orientation, flips, bilinear resize.</summary>
public static class ImageOps
{
    /// <summary>A horizontally mirrored copy.</summary>
    public static RgbImage FlipHorizontal(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width;
        var dst = new byte[image.Pixels.Length];
        for (int y = 0; y < image.Height; y++)
        {
            int row = y * w * 3;
            for (int x = 0; x < w; x++)
            {
                int s = row + (x * 3), d = row + ((w - 1 - x) * 3);
                dst[d] = image.Pixels[s];
                dst[d + 1] = image.Pixels[s + 1];
                dst[d + 2] = image.Pixels[s + 2];
            }
        }

        return image with { Pixels = dst };
    }

    /// <summary>
    /// Applies EXIF orientation <paramref name="orientation"/> (1..8; 1 = as stored) so the result is
    /// upright; other values return the image unchanged.
    /// </summary>
    public static RgbImage Orient(RgbImage image, int orientation)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (orientation is < 2 or > 8)
        {
            return image;
        }

        int w = image.Width, h = image.Height;
        bool swap = orientation >= 5;
        int dw = swap ? h : w, dh = swap ? w : h;
        var dst = new byte[image.Pixels.Length];
        for (int y = 0; y < dh; y++)
        {
            for (int x = 0; x < dw; x++)
            {
                (int sx, int sy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x),
                };
                int s = ((sy * w) + sx) * 3, d = ((y * dw) + x) * 3;
                dst[d] = image.Pixels[s];
                dst[d + 1] = image.Pixels[s + 1];
                dst[d + 2] = image.Pixels[s + 2];
            }
        }

        return new RgbImage(dw, dh, dst);
    }

    /// <summary>
    /// Bilinear resize with pixel centres at half-integers (OpenCV <c>INTER_LINEAR</c> geometry; no
    /// anti-aliasing when shrinking, as OpenCV).
    /// </summary>
    public static RgbImage ResizeBilinear(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == image.Width && height == image.Height)
        {
            return image;
        }

        int sw = image.Width, sh = image.Height;
        double fx = (double)sw / width, fy = (double)sh / height;
        var x0 = new int[width];
        var x1 = new int[width];
        var wx = new float[width];
        for (int x = 0; x < width; x++)
        {
            double sx = Math.Max(((x + 0.5) * fx) - 0.5, 0);
            int i = Math.Min((int)sx, sw - 1);
            x0[x] = i;
            x1[x] = Math.Min(i + 1, sw - 1);
            wx[x] = (float)(sx - i);
        }

        var src = image.Pixels;
        var dst = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            double sy = Math.Max(((y + 0.5) * fy) - 0.5, 0);
            int j0 = Math.Min((int)sy, sh - 1), j1 = Math.Min(j0 + 1, sh - 1);
            float wy = (float)(sy - j0);
            int r0 = j0 * sw * 3, r1 = j1 * sw * 3, o = y * width * 3;
            for (int x = 0; x < width; x++)
            {
                int a = r0 + (x0[x] * 3), b = r0 + (x1[x] * 3), c = r1 + (x0[x] * 3), d = r1 + (x1[x] * 3);
                float u = wx[x];
                for (int ch = 0; ch < 3; ch++)
                {
                    float top = src[a + ch] + (u * (src[b + ch] - src[a + ch]));
                    float bottom = src[c + ch] + (u * (src[d + ch] - src[c + ch]));
                    dst[o + (x * 3) + ch] = (byte)Math.Clamp(MathF.Round(top + (wy * (bottom - top))), 0, 255);
                }
            }
        }

        return new RgbImage(width, height, dst);
    }
}
