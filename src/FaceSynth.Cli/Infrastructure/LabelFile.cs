using System.Globalization;
using FaceSynth.Embeddings;

namespace FaceSynth.Cli.Infrastructure;

/// <summary>Reads one label (identity or sample name) per embedding row: a .npy array of strings or integers, or a text file with one label per line.</summary>
public static class LabelFile
{
    /// <summary>Reads the labels and checks that there is one per row.</summary>
    /// <exception cref="FaceSynthDataException">Wrong count, empty label, or unreadable file.</exception>
    public static string[] Read(string path, int expectedRows)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"file not found: {path}", path);
        }

        string[] labels;
        if (path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
        {
            var header = Npy.ReadHeader(path);
            labels = header.DType.IsNumeric
                ? [.. Npy.ReadInt64s(path).Select(v => v.ToString(CultureInfo.InvariantCulture))]
                : Npy.ReadStrings(path);
        }
        else
        {
            var list = new List<string>();
            long lineNo = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNo++;
                var t = line.Trim();
                if (t.Length == 0)
                {
                    throw FaceSynthDataException.AtLine(path, lineNo, "empty label (expected one label per line)");
                }

                list.Add(t);
                if (list.Count > expectedRows)
                {
                    break;
                }
            }

            labels = [.. list];
        }

        if (labels.Length != expectedRows)
        {
            throw new FaceSynthDataException(path, $"{(labels.Length > expectedRows ? "more than" : "only")} {Math.Min(labels.Length, expectedRows + 1) - (labels.Length > expectedRows ? 1 : 0)} labels, but the embeddings have {expectedRows} rows");
        }

        return labels;
    }
}
