namespace FaceSynth.Vision.Images;

/// <summary>An 8-bit RGB image, row-major, 3 bytes per pixel, no row padding.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Pixels">Width x Height x 3 bytes (R, G, B).</param>
public sealed record RgbImage(int Width, int Height, byte[] Pixels)
{
    /// <summary>A black image of the given size.</summary>
    public static RgbImage Black(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return new RgbImage(width, height, new byte[checked(width * height * 3)]);
    }

    /// <summary>Channel <paramref name="c"/> (0 = R) of pixel (x, y).</summary>
    public byte this[int x, int y, int c] => Pixels[(((y * Width) + x) * 3) + c];
}
