using System.Text;

namespace FaceSynth.Server.Definitions;

/// <summary>The hidden ground truth of one benchmark: same/different and the demographic group of each pair.</summary>
public sealed class BenchmarkTruth
{
    /// <summary>Creates the truth from its parts (validated by <see cref="Parse"/>).</summary>
    public BenchmarkTruth(bool[] same, int[] group, IReadOnlyList<string> groups)
    {
        Same = same;
        Group = group;
        Groups = groups;
    }

    /// <summary>Whether pair i is a genuine (same identity) pair.</summary>
    public bool[] Same { get; }

    /// <summary>Group index of pair i (-1 when the benchmark has no groups).</summary>
    public int[] Group { get; }

    /// <summary>Group names in order of first appearance.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => Same.Length;

    /// <summary>
    /// Parses a truth CSV: header <c>same,group</c> (the group column is optional), then one row per pair with
    /// <c>1</c>/<c>0</c> and a group name.
    /// </summary>
    /// <exception cref="FaceSynthDataException">Malformed header, value or row.</exception>
    public static BenchmarkTruth Parse(byte[] content, string source, bool needGroups)
    {
        ArgumentNullException.ThrowIfNull(content);
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            throw new FaceSynthDataException(source, "the truth file is not valid UTF-8");
        }

        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var header = lines[0].Trim().Split(',');
        if (header[0] != "same" || header.Length > 2 || (header.Length == 2 && header[1] != "group"))
        {
            throw FaceSynthDataException.AtLine(source, 1, $"expected the header 'same,group' or 'same', found '{lines[0].Trim()}'");
        }

        bool hasGroups = header.Length == 2;
        if (needGroups && !hasGroups)
        {
            throw FaceSynthDataException.AtLine(source, 1, "the benchmark names a demographic attribute, so the truth needs a group column ('same,group')");
        }

        var same = new bool[lines.Length - 1];
        var group = new int[lines.Length - 1];
        var names = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Trim().Split(',');
            if (f.Length != header.Length)
            {
                throw FaceSynthDataException.AtLine(source, i + 1, $"expected {header.Length} comma-separated fields, found {f.Length}");
            }

            same[i - 1] = f[0] switch
            {
                "1" => true,
                "0" => false,
                _ => throw FaceSynthDataException.AtLine(source, i + 1, $"'same' must be 1 or 0, found '{f[0]}'"),
            };
            if (!hasGroups)
            {
                group[i - 1] = -1;
                continue;
            }

            if (f[1].Length == 0)
            {
                throw FaceSynthDataException.AtLine(source, i + 1, "empty group name");
            }

            if (!index.TryGetValue(f[1], out int g))
            {
                g = names.Count;
                index[f[1]] = g;
                names.Add(f[1]);
            }

            group[i - 1] = g;
        }

        // Groups in name order (not order of first appearance), so columns are stable and readable.
        var sortedNames = names.Order(StringComparer.Ordinal).ToList();
        var remap = names.Select(n => sortedNames.IndexOf(n)).ToArray();
        for (int i = 0; i < group.Length; i++)
        {
            if (group[i] >= 0)
            {
                group[i] = remap[group[i]];
            }
        }

        names = sortedNames;
        if (same.Length < 20)
        {
            throw new FaceSynthDataException(source, $"{same.Length} pairs; a benchmark needs at least 20");
        }

        return new BenchmarkTruth(same, group, names);
    }
}
