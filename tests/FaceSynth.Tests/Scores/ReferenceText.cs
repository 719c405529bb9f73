namespace FaceSynth.Tests.Scores;

/// <summary>Parses the hdf5-as-text exports independently of the code under test (plain double.Parse).</summary>
internal static class ReferenceText
{
    public static double[] Vector(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => Parse(l.Trim()))];

    public static double[][] Rows(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray())];

    /// <summary>Open-set export: "negatives | positives" with "None" for no positives.</summary>
    public static (double[] Neg, double[]? Pos)[] OpenSet(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l =>
        {
            var parts = l.Split('|');
            var neg = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
            var p = parts[1].Trim();
            return (neg, p == "None" ? null : p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray());
        })];

    public static double Parse(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}
