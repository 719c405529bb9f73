using System.Text;

namespace FaceSynth.Cli.Infrastructure;

/// <summary>Formats a plain, aligned text table (no colours or box characters: stable in pipes and tests).</summary>
public static class TextTable
{
    /// <summary>
    /// Formats <paramref name="rows"/> under <paramref name="header"/>; the first column is left-aligned,
    /// the others right-aligned. Rows shorter than the header are padded with empty cells.
    /// </summary>
    public static string Format(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var all = rows.ToList();
        var cols = Math.Max(header.Count, all.Count == 0 ? 0 : all.Max(r => r.Count));
        var width = new int[cols];
        for (var c = 0; c < cols; c++)
        {
            width[c] = Math.Max(Cell(header, c).Length, all.Count == 0 ? 0 : all.Max(r => Cell(r, c).Length));
        }

        var sb = new StringBuilder();
        AppendRow(sb, header, width);
        sb.AppendLine(string.Join("  ", width.Select(w => new string('-', w))).TrimEnd());
        foreach (var r in all)
        {
            AppendRow(sb, r, width);
        }

        return sb.ToString();
    }

    private static string Cell(IReadOnlyList<string> row, int c) => c < row.Count ? row[c] ?? string.Empty : string.Empty;

    private static void AppendRow(StringBuilder sb, IReadOnlyList<string> row, int[] width)
    {
        var line = new StringBuilder();
        for (var c = 0; c < width.Length; c++)
        {
            if (c > 0)
            {
                line.Append("  ");
            }

            var cell = Cell(row, c);
            line.Append(c == 0 ? cell.PadRight(width[c]) : cell.PadLeft(width[c]));
        }

        sb.AppendLine(line.ToString().TrimEnd());
    }
}
