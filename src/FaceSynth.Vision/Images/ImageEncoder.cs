using System.Runtime.InteropServices;
using SkiaSharp;

namespace FaceSynth.Vision.Images;

/// <summary>Encodes <see cref="RgbImage"/> as JPEG or PNG with SkiaSharp.</summary>
public static class ImageEncoder
{
    /// <summary>JPEG bytes at <paramref name="quality"/> (insightface's RecordIO packs use 95).</summary>
    public static byte[] Jpeg(RgbImage image, int quality = 95) => Encode(image, SKEncodedImageFormat.Jpeg, quality);

    /// <summary>Lossless PNG bytes.</summary>
    public static byte[] Png(RgbImage image) => Encode(image, SKEncodedImageFormat.Png, 100);

    /// <summary>WebP bytes (<paramref name="quality"/> 100 = lossless).</summary>
    public static byte[] Webp(RgbImage image, int quality = 100) => Encode(image, SKEncodedImageFormat.Webp, quality);

    private static byte[] Encode(RgbImage image, SKEncodedImageFormat format, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgba = new byte[image.Width * image.Height * 4];
        for (int i = 0, j = 0; i < image.Pixels.Length; i += 3, j += 4)
        {
            rgba[j] = image.Pixels[i];
            rgba[j + 1] = image.Pixels[i + 1];
            rgba[j + 2] = image.Pixels[i + 2];
            rgba[j + 3] = 255;
        }

        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var handle = GCHandle.Alloc(rgba, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }
}
