namespace FaceSynth.Audit.Morphing;

/// <summary>Reads one attribute column (e.g. <c>gender</c>) of an embedding set's metadata CSV (AUDIT.md 0.1).</summary>
public static class MetadataColumn
{
    /// <summary>
    /// The values of <paramref name="column"/> (header match ignores case), one per data row, trimmed; the file must
    /// have exactly <paramref name="rows"/> data rows (one per embedding row, in row order).
    /// </summary>
    public static string[] Read(string csv, string column, int rows)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentException.ThrowIfNullOrWhiteSpace(column);
        if (!File.Exists(csv))
        {
            throw new FaceSynthDataException(csv, $"metadata file not found (needed for the '{column}' attribute)");
        }

        var lines = File.ReadAllLines(csv).Select((text, i) => (Text: text, Line: i + 1)).Where(l => l.Text.Trim().Length > 0).ToArray();
        if (lines.Length == 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, "empty metadata file (a header is expected)");
        }

        var header = lines[0].Text.Split(',').Select(h => h.Trim()).ToArray();
        int c = Array.FindIndex(header, h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
        if (c < 0)
        {
            throw FaceSynthDataException.AtLine(csv, lines[0].Line, $"no '{column}' column (header: {lines[0].Text.Trim()})");
        }

        if (lines.Length - 1 != rows)
        {
            throw new FaceSynthDataException(csv, $"{lines.Length - 1} data rows for {rows} embedding rows (one row per embedding, same order)");
        }

        var values = new string[rows];
        for (int i = 0; i < rows; i++)
        {
            var f = lines[i + 1].Text.Split(',');
            if (f.Length != header.Length)
            {
                throw FaceSynthDataException.AtLine(csv, lines[i + 1].Line, $"{f.Length} fields, the header has {header.Length}");
            }

            values[i] = f[c].Trim();
        }

        return values;
    }
}
