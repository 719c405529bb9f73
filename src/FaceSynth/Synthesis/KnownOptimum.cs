using System.Globalization;

namespace FaceSynth.Synthesis;

/// <summary>A reference minimum angle for (d, N) (SYNTHESIS.md 5.3).</summary>
/// <param name="AngleDeg">Minimum pairwise angle in degrees.</param>
/// <param name="Case">Which construction ("simplex", "cross-polytope", "polygon", "icosahedron", "24-cell", "E8", "table").</param>
/// <param name="Proven">True when the value is a proven optimum.</param>
public sealed record KnownOptimum(double AngleDeg, string Case, bool Proven)
{
    /// <summary>The built-in closed forms; null when none applies.</summary>
    public static KnownOptimum? Find(int d, int n)
    {
        if (n < 2 || d < 2)
        {
            return null;
        }

        if (n <= d + 1)
        {
            return new KnownOptimum(SphereMath.AngleDeg(-1.0 / (n - 1)), "simplex", true);
        }

        if (n <= 2 * d)
        {
            return new KnownOptimum(90.0, "cross-polytope", true);
        }

        if (d == 2)
        {
            return new KnownOptimum(360.0 / n, "polygon", true);
        }

        return (d, n) switch
        {
            (3, 12) => new KnownOptimum(SphereMath.AngleDeg(1.0 / Math.Sqrt(5.0)), "icosahedron", true),
            (4, 24) => new KnownOptimum(60.0, "24-cell", false),
            (8, 240) => new KnownOptimum(60.0, "E8", true),
            _ => null,
        };
    }

    /// <summary>
    /// Reads a tab-separated reference table with a header containing at least <c>d</c>, <c>N</c> and
    /// <c>best_known_min_angle_deg</c>; returns (d, N) -> angle.
    /// </summary>
    public static Dictionary<(int D, int N), double> ReadTable(string path)
    {
        var table = new Dictionary<(int, int), double>();
        using var reader = new StreamReader(path);
        string? header = reader.ReadLine() ?? throw FaceSynthDataException.AtLine(path, 1, "empty file; expected a header row with d, N, best_known_min_angle_deg");
        var cols = header.Split('\t').Select(c => c.Trim()).ToList();
        int di = cols.IndexOf("d"), ni = cols.IndexOf("N"), ai = cols.IndexOf("best_known_min_angle_deg");
        if (di < 0 || ni < 0 || ai < 0)
        {
            throw FaceSynthDataException.AtLine(path, 1, "header must contain the tab-separated columns d, N and best_known_min_angle_deg");
        }

        int need = Math.Max(di, Math.Max(ni, ai));
        long line = 1;
        for (string? s = reader.ReadLine(); s is not null; s = reader.ReadLine())
        {
            line++;
            if (s.Trim().Length == 0)
            {
                continue;
            }

            var f = s.Split('\t');
            if (f.Length <= need
                || !int.TryParse(f[di], NumberStyles.Integer, CultureInfo.InvariantCulture, out int d)
                || !int.TryParse(f[ni], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n)
                || !double.TryParse(f[ai], NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
                || !double.IsFinite(a) || a <= 0 || a > 180)
            {
                throw FaceSynthDataException.AtLine(path, line, "expected integer d, integer N and an angle in (0, 180] degrees");
            }

            table[(d, n)] = a;
        }

        return table;
    }
}
