using SkiaSharp;

namespace FaceSynth.Vision.Images;

/// <summary>
/// Decodes JPEG, PNG, WebP, BMP and GIF (first frame) to <see cref="RgbImage"/> with SkiaSharp. Grey and
/// CMYK JPEGs come out as RGB; the EXIF orientation is applied; alpha is dropped (colours are kept
/// unpremultiplied, as OpenCV's <c>imread</c> does). Any failure is a <see cref="FaceSynthDataException"/>
/// naming the source.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Reads and decodes the file at <paramref name="path"/>.</summary>
    public static RgbImage DecodeFile(string path, ImageDecodeOptions? options = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FaceSynthDataException(path, $"cannot read the image: {e.Message}", e);
        }

        return Decode(bytes, path, options);
    }

    /// <summary>Decodes encoded image bytes; <paramref name="source"/> names them in errors.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string source, ImageDecodeOptions? options = null)
    {
        options ??= ImageDecodeOptions.Default;
        if (encoded.Length == 0)
        {
            throw new FaceSynthDataException(source, "the image is empty (0 bytes)");
        }

        using var codec = SKCodec.Create(new MemoryStream(encoded.ToArray(), writable: false), out var created);
        if (codec is null)
        {
            throw new FaceSynthDataException(source, $"not a decodable image (JPEG, PNG, WebP, BMP or GIF expected; decoder said {created})");
        }

        int w = codec.Info.Width, h = codec.Info.Height;
        if (w <= 0 || h <= 0)
        {
            throw new FaceSynthDataException(source, $"the image declares an invalid size {w} x {h}");
        }

        if ((long)w * h > options.MaxPixels)
        {
            throw new FaceSynthDataException(source, $"the image declares {w} x {h} pixels, more than the limit of {options.MaxPixels} (ImageDecodeOptions.MaxPixels)");
        }

        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var result = codec.GetPixels(info, out byte[] rgba);

        if (result != SKCodecResult.Success && !(result == SKCodecResult.IncompleteInput && options.AllowIncomplete))
        {
            throw new FaceSynthDataException(source, result == SKCodecResult.IncompleteInput
                ? "the image data is truncated (incomplete input)"
                : $"the image could not be decoded ({result})");
        }

        var pixels = new byte[w * h * 3];
        for (int i = 0, j = 0; i < pixels.Length; i += 3, j += 4)
        {
            pixels[i] = rgba[j];
            pixels[i + 1] = rgba[j + 1];
            pixels[i + 2] = rgba[j + 2];
        }

        var image = new RgbImage(w, h, pixels);
        return options.ApplyExifOrientation ? ImageOps.Orient(image, (int)codec.EncodedOrigin) : image;
    }
}
