using SkiaSharp;

namespace FaceSynth.Llm;

/// <summary>Loads face images and encodes what is sent: square PNGs, or a side-by-side pair (AUDIT.md 6.2).</summary>
public static class FaceImages
{
    /// <summary>Black gap between A and B in the side-by-side layout.</summary>
    public const int Separator = 8;

    /// <summary>One face resized to <paramref name="size"/> x <paramref name="size"/>, PNG-encoded.</summary>
    public static byte[] Single(string path, int size)
    {
        using var img = Load(path);
        using var surface = SKSurface.Create(new SKImageInfo(size, size));
        Draw(surface.Canvas, img, 0, size);
        return Encode(surface);
    }

    /// <summary>A left, B right, each <paramref name="size"/> square, 8-pixel black separator, PNG-encoded.</summary>
    public static byte[] SideBySide(string pathA, string pathB, int size)
    {
        using var a = Load(pathA);
        using var b = Load(pathB);
        using var surface = SKSurface.Create(new SKImageInfo((2 * size) + Separator, size));
        surface.Canvas.Clear(SKColors.Black);
        Draw(surface.Canvas, a, 0, size);
        Draw(surface.Canvas, b, size + Separator, size);
        return Encode(surface);
    }

    private static SKBitmap Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FaceSynthDataException(path, "image file not found");
        }

        return SKBitmap.Decode(path) ?? throw new FaceSynthDataException(path, "not a decodable image (PNG/JPEG/WebP expected)");
    }

    private static void Draw(SKCanvas canvas, SKBitmap img, int x, int size)
    {
        using var image = SKImage.FromBitmap(img);
        canvas.DrawImage(image, new SKRect(x, 0, x + size, size), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    private static byte[] Encode(SKSurface surface)
    {
        using var snap = surface.Snapshot();
        using var data = snap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
