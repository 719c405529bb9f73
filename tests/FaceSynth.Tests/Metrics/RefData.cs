using System.Globalization;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Metrics;

/// <summary>Readers for the hdf5-as-text exports of the bob.measure reference data (EVALUATION 6.1).</summary>
internal static class RefData
{
    public static string V6(string name) => TestPaths.Data("bob.measure", "v6.1.0", "hdf5-as-text", name);

    public static string V3(string name) => TestPaths.Data("bob.measure", "v3.0.0", "hdf5-as-text", name);

    public static double Parse(string s) =>
        s.Equals("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>1-D export: one value per line.</summary>
    public static double[] Read1D(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => Parse(l.Trim())).ToArray();

    /// <summary>2-D export: one row per line, space-separated.</summary>
    public static double[][] Read2D(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray()).ToArray();

    /// <summary>Open-set export: <c>negatives | positives-or-None</c> per probe.</summary>
    public static List<ProbeScores> ReadOpenSet(string path)
    {
        var probes = new List<ProbeScores>();
        foreach (var line in File.ReadAllLines(path).Where(l => l.Trim().Length > 0))
        {
            var parts = line.Split('|');
            probes.Add(new ProbeScores($"probe{probes.Count}", Side(parts[0]), Side(parts[1])));
        }

        return probes;
    }

    public static (double[] Neg, double[] Pos) Linsep(string version = "v6") =>
        version == "v6" ? (Read1D(V6("linsep-negatives.txt")), Read1D(V6("linsep-positives.txt")))
            : (Read1D(V3("linsep-negatives.txt")), Read1D(V3("linsep-positives.txt")));

    public static (double[] Neg, double[] Pos) Nonsep(string version = "v6") =>
        version == "v6" ? (Read1D(V6("nonsep-negatives.txt")), Read1D(V6("nonsep-positives.txt")))
            : (Read1D(V3("nonsep-negatives.txt")), Read1D(V3("nonsep-positives.txt")));

    private static double[]? Side(string text)
    {
        var t = text.Trim();
        if (t == "None" || t.Length == 0)
        {
            return null;
        }

        return t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();
    }
}

/// <summary>Tolerance assertions in the forms EVALUATION 6.2 states them.</summary>
internal static class Near
{
    /// <summary>numpy.allclose: |a - b| &lt;= atol + rtol |b| (b is the expected value).</summary>
    public static void AllClose(double[] expected, double[] actual, double rtol, double atol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            Assert.True(
                Math.Abs(a - e) <= atol + (rtol * Math.Abs(e)),
                $"{what}[{i}]: expected {e:R}, got {a:R} (diff {Math.Abs(a - e):E3})");
        }
    }

    public static void Close(double expected, double actual, double rtol, double atol, string what) =>
        AllClose([expected], [actual], rtol, atol, what);

    /// <summary>Bit-for-bit equality, reporting the first differing index.</summary>
    public static void Exact(double[] expected, double[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                expected[i].Equals(actual[i]),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
