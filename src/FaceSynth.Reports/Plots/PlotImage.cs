namespace FaceSynth.Reports.Plots;

/// <summary>A rendered plot: PNG bytes and SVG text of the same figure.</summary>
public sealed class PlotImage
{
    /// <summary>Creates a rendered plot.</summary>
    public PlotImage(byte[] png, string svg, int width, int height)
    {
        Png = png;
        Svg = svg;
        Width = width;
        Height = height;
    }

    /// <summary>The PNG file content.</summary>
    public byte[] Png { get; }

    /// <summary>The SVG document.</summary>
    public string Svg { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>
    /// Writes <c>&lt;baseName&gt;.png</c> and <c>&lt;baseName&gt;.svg</c> into <paramref name="directory"/> atomically
    /// and returns the two file names (relative to <paramref name="directory"/>).
    /// </summary>
    public (string PngFile, string SvgFile) Save(string directory, string baseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        var png = baseName + ".png";
        var svg = baseName + ".svg";
        AtomicFile.WriteAllBytes(Path.Combine(directory, png), Png);
        AtomicFile.WriteAllText(Path.Combine(directory, svg), Svg);
        return (png, svg);
    }
}
