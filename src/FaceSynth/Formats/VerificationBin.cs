namespace FaceSynth.Formats;

/// <summary>
/// An insightface benchmark <c>.bin</c> (LFW, CFP-FP, AgeDB-30, ...; FORMATS.md 4): 2P encoded images, pair i
/// being images 2i and 2i+1, and P "same identity" flags. Read with <see cref="SafePickle"/>; nothing is executed.
/// </summary>
public sealed class VerificationBin
{
    private VerificationBin(string source, IReadOnlyList<byte[]> images, bool[] isSame)
    {
        Source = source;
        Images = images;
        IsSame = isSame;
    }

    /// <summary>The file it was read from.</summary>
    public string Source { get; }

    /// <summary>Encoded images (usually 112 x 112 JPEG), two per pair.</summary>
    public IReadOnlyList<byte[]> Images { get; }

    /// <summary>One flag per pair: true when both images show the same person.</summary>
    public bool[] IsSame { get; }

    /// <summary>Number of pairs.</summary>
    public int PairCount => IsSame.Length;

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static VerificationBin Read(string path, SafePickleOptions? options = null) =>
        FromPickle(SafePickle.LoadFile(path, options), path);

    /// <summary>Interprets an already loaded pickle value.</summary>
    public static VerificationBin FromPickle(object? value, string source)
    {
        if (value is not PickleTuple { Count: 2 } t)
        {
            throw new FaceSynthDataException(source, "expected a pickled tuple (bins, issame)");
        }

        var images = t.Items[0] switch
        {
            List<object?> l => l,
            PickleTuple pt => [.. pt.Items],
            _ => throw new FaceSynthDataException(source, "bins (element 0) must be a list of encoded images"),
        };
        var flags = t.Items[1] switch
        {
            List<object?> l => l,
            PickleTuple pt => [.. pt.Items],
            PickleNdArray a when a.DType is "|b1" or "|u1" => [.. a.Data.Select(b => (object?)(b != 0))],
            _ => throw new FaceSynthDataException(source, "issame (element 1) must be a list of booleans"),
        };
        var bytes = new byte[images.Count][];
        for (int i = 0; i < images.Count; i++)
        {
            bytes[i] = images[i] switch
            {
                byte[] b => b,
                PickleNdArray { DType: "|u1", Shape.Length: 1 } a => a.Data,
                _ => throw new FaceSynthDataException(source, $"image {i} is {images[i]?.GetType().Name ?? "None"}, expected bytes or a 1-D uint8 array"),
            };
        }

        var same = new bool[flags.Count];
        for (int i = 0; i < same.Length; i++)
        {
            same[i] = flags[i] switch
            {
                bool b => b,
                long v when v is 0 or 1 => v == 1,
                _ => throw new FaceSynthDataException(source, $"issame[{i}] is not a boolean"),
            };
        }

        if (bytes.Length != 2 * same.Length)
        {
            throw new FaceSynthDataException(source, $"{bytes.Length} images for {same.Length} pairs (expected exactly 2 per pair)");
        }

        return new VerificationBin(source, bytes, same);
    }
}
