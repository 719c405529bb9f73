using System.Globalization;
using FaceSynth.Embeddings;

namespace FaceSynth.Protocols;

/// <summary>
/// Pairs of embedding rows with same/different flags, in protocol (fold) order (FORMATS.md 3.9).
/// </summary>
public sealed class PairList
{
    /// <summary>Creates a pair list from row indices and flags of equal length.</summary>
    public PairList(int[] first, int[] second, bool[] same)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(same);
        if (first.Length != second.Length || first.Length != same.Length)
        {
            throw new ArgumentException($"pair list arrays differ in length: {first.Length}, {second.Length}, {same.Length}");
        }

        First = first;
        Second = second;
        Same = same;
    }

    /// <summary>Row of the first sample of each pair.</summary>
    public int[] First { get; }

    /// <summary>Row of the second sample of each pair.</summary>
    public int[] Second { get; }

    /// <summary>True for a genuine (same identity) pair.</summary>
    public bool[] Same { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => First.Length;

    /// <summary>
    /// Reads <c>path1 path2 label</c> lines (whitespace-separated; blank lines and <c>#</c> comments skipped).
    /// A sample reference is resolved to a row through <paramref name="embeddings"/>' Ids when it is one of
    /// them, otherwise it must be a 0-based row index. Label <c>0</c> = different, any other number = same.
    /// </summary>
    /// <exception cref="FaceSynthDataException">A malformed line, an unknown sample or an index out of range.</exception>
    public static PairList Read(string path, EmbeddingMatrix embeddings)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        return Read(reader, path, embeddings);
    }

    /// <summary>Reads a pair list from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static PairList Read(TextReader reader, string source, EmbeddingMatrix embeddings)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(embeddings);
        Dictionary<string, int>? byId = null;
        if (embeddings.Ids is { } ids)
        {
            byId = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
            for (int i = 0; i < ids.Length; i++)
            {
                byId.TryAdd(ids[i], i);
            }
        }

        var first = new List<int>();
        var second = new List<int>();
        var same = new List<bool>();
        long lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == '#')
            {
                continue;
            }

            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3)
            {
                throw FaceSynthDataException.AtLine(source, lineNo, $"expected 3 fields 'sample1 sample2 label', found {fields.Length}");
            }

            if (!double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double label) || double.IsNaN(label))
            {
                throw FaceSynthDataException.AtLine(source, lineNo, $"label '{fields[2]}' is not a number (0 = different, other = same)");
            }

            first.Add(Resolve(fields[0], byId, embeddings.Rows, source, lineNo));
            second.Add(Resolve(fields[1], byId, embeddings.Rows, source, lineNo));
            same.Add(label != 0);
        }

        return new PairList([.. first], [.. second], [.. same]);
    }

    private static int Resolve(string token, Dictionary<string, int>? byId, int rows, string source, long lineNo)
    {
        if (byId is not null && byId.TryGetValue(token, out int row))
        {
            return row;
        }

        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
        {
            if (index >= rows)
            {
                throw FaceSynthDataException.AtLine(source, lineNo, $"row index {index} is out of range (the embeddings have {rows} rows)");
            }

            return index;
        }

        throw FaceSynthDataException.AtLine(source, lineNo, byId is null
            ? $"'{token}' is not a 0-based row index (the embeddings carry no sample ids to match paths against)"
            : $"'{token}' is neither a sample id of the embeddings nor a row index");
    }
}
