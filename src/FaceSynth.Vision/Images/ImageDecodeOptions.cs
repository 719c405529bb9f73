namespace FaceSynth.Vision.Images;

/// <summary>Limits and behaviour of <see cref="ImageDecoder"/>.</summary>
/// <param name="MaxPixels">Largest width x height accepted; larger declared sizes are refused before any pixel memory is allocated (image bombs).</param>
/// <param name="ApplyExifOrientation">Rotate/flip by the EXIF orientation tag, as viewers and PIL's exif_transpose do.</param>
/// <param name="AllowIncomplete">Accept truncated files whose first rows decoded (the rest is filled by the decoder); default: an error.</param>
public sealed record ImageDecodeOptions(long MaxPixels = 64L * 1024 * 1024, bool ApplyExifOrientation = true, bool AllowIncomplete = false)
{
    /// <summary>The defaults.</summary>
    public static ImageDecodeOptions Default { get; } = new();
}
