using SkiaSharp;

namespace FaceSynth.Llm.Tests;

internal static class TestImages
{
    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "facesynth-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Writes a small solid-colour PNG (distinct per <paramref name="shade"/>).</summary>
    public static string Png(string dir, string name, byte shade, int w = 40, int h = 50)
    {
        var path = Path.Combine(dir, name);
        using var bmp = new SKBitmap(w, h);
        bmp.Erase(new SKColor(shade, (byte)(255 - shade), 128));
        using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}
