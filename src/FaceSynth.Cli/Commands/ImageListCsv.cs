namespace FaceSynth.Cli.Commands;

/// <summary>
/// An images CSV of the model-based audits: a header with a <c>path</c> column (paths relative to the CSV's folder)
/// and further named columns, one row per image; blank lines are skipped.
/// </summary>
/// <param name="Csv">The CSV file.</param>
/// <param name="Paths">Image paths, resolved against the CSV's folder.</param>
/// <param name="Lines">1-based line of each row in the CSV (for messages).</param>
/// <param name="Columns">The requested columns that are present (name as requested, one value per row, trimmed).</param>
internal sealed record ImageListCsv(string Csv, string[] Paths, int[] Lines, IReadOnlyDictionary<string, string[]> Columns)
{
    /// <summary>Number of images.</summary>
    public int Count => Paths.Length;

    /// <summary>The values of <paramref name="name"/>, or null when the CSV lacks that optional column.</summary>
    public string[]? Column(string name) => Columns.TryGetValue(name, out var v) ? v : null;

    /// <summary>
    /// Reads <paramref name="csv"/>; <c>path</c> and the <paramref name="required"/> columns must be in the header,
    /// the <paramref name="optional"/> ones are read when present (names compared ignoring case).
    /// </summary>
    public static ImageListCsv Read(string csv, IReadOnlyList<string> required, IReadOnlyList<string>? optional = null)
    {
        ArgumentNullException.ThrowIfNull(required);
        optional ??= [];
        if (!File.Exists(csv))
        {
            throw new FaceSynthDataException(csv, "images CSV not found");
        }

        string expected = $"expected a header with {string.Join(" and ", new[] { "path" }.Concat(required).Select(c => $"'{c}'"))}";
        var lines = File.ReadAllLines(csv);
        if (lines.Length == 0 || lines[0].Trim().Length == 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, expected);
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        int Find(string name) => Array.FindIndex(header, h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        int pc = Find("path");
        if (pc < 0 || required.Any(c => Find(c) < 0))
        {
            throw FaceSynthDataException.AtLine(csv, 1, $"{expected} (found: {lines[0].Trim()})");
        }

        var wanted = required.Concat(optional).Distinct(StringComparer.OrdinalIgnoreCase).Select(c => (Name: c, Index: Find(c))).Where(c => c.Index >= 0).ToArray();
        string root = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var paths = new List<string>();
        var rowLines = new List<int>();
        var values = wanted.Select(_ => new List<string>()).ToArray();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var f = lines[i].Split(',');
            if (f.Length != header.Length || f[pc].Trim().Length == 0)
            {
                throw FaceSynthDataException.AtLine(csv, i + 1, $"expected {header.Length} fields with a non-empty path");
            }

            paths.Add(Path.Combine(root, f[pc].Trim()));
            rowLines.Add(i + 1);
            for (int c = 0; c < wanted.Length; c++)
            {
                values[c].Add(f[wanted[c].Index].Trim());
            }
        }

        if (paths.Count == 0)
        {
            throw new FaceSynthDataException(csv, "no images listed");
        }

        var columns = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        for (int c = 0; c < wanted.Length; c++)
        {
            columns[wanted[c].Name] = [.. values[c]];
        }

        return new ImageListCsv(csv, [.. paths], [.. rowLines], columns);
    }
}
