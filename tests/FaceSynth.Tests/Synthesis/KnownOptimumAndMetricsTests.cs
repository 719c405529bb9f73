using FaceSynth.Embeddings;
using FaceSynth.Synthesis;

namespace FaceSynth.Tests.Synthesis;

/// <summary>Metric code checked on the constructions of SYNTHESIS.md 5.3, where every nearest-neighbour angle is known.</summary>
public class KnownOptimumAndMetricsTests
{
    private static EmbeddingMatrix Rows(double[][] rows)
    {
        int d = rows[0].Length;
        var m = new EmbeddingMatrix(rows.Length, d);
        for (int i = 0; i < rows.Length; i++)
        {
            for (int k = 0; k < d; k++)
            {
                m[i, k] = (float)rows[i][k];
            }
        }

        m.NormalizeRows();
        return m;
    }

    private static EmbeddingMatrix Icosahedron()
    {
        double p = (1 + Math.Sqrt(5)) / 2;
        var rows = new List<double[]>();
        foreach (var s1 in new[] { -1.0, 1.0 })
        {
            foreach (var s2 in new[] { -1.0, 1.0 })
            {
                rows.Add([0, s1, s2 * p]);
                rows.Add([s1, s2 * p, 0]);
                rows.Add([s2 * p, 0, s1]);
            }
        }

        return Rows([.. rows]);
    }

    private static EmbeddingMatrix TwentyFourCell()
    {
        var rows = new List<double[]>();
        for (int a = 0; a < 4; a++)
        {
            for (int b = a + 1; b < 4; b++)
            {
                foreach (var sa in new[] { -1.0, 1.0 })
                {
                    foreach (var sb in new[] { -1.0, 1.0 })
                    {
                        var r = new double[4];
                        r[a] = sa;
                        r[b] = sb;
                        rows.Add(r);
                    }
                }
            }
        }

        return Rows([.. rows]);
    }

    private static EmbeddingMatrix E8()
    {
        var rows = new List<double[]>();
        for (int a = 0; a < 8; a++)
        {
            for (int b = a + 1; b < 8; b++)
            {
                foreach (var sa in new[] { -1.0, 1.0 })
                {
                    foreach (var sb in new[] { -1.0, 1.0 })
                    {
                        var r = new double[8];
                        r[a] = sa;
                        r[b] = sb;
                        rows.Add(r);
                    }
                }
            }
        }

        for (int mask = 0; mask < 256; mask++)
        {
            if (System.Numerics.BitOperations.PopCount((uint)mask) % 2 == 0)
            {
                rows.Add([.. Enumerable.Range(0, 8).Select(k => ((mask >> k) & 1) == 1 ? -0.5 : 0.5)]);
            }
        }

        return Rows([.. rows]);
    }

    /// <summary>Simplex of N points in R^d (N = d + 1) written in a Helmert basis of the hyperplane sum = 0.</summary>
    private static EmbeddingMatrix Simplex(int n)
    {
        int d = n - 1;
        var rows = new double[n][];
        for (int i = 0; i < n; i++)
        {
            rows[i] = new double[d];
            for (int k = 1; k <= d; k++)
            {
                // Helmert row k: (1, ..., 1, -k, 0, ...) / sqrt(k (k + 1)) over the first k + 1 coordinates.
                double e = i < k ? 1 : i == k ? -k : 0;
                rows[i][k - 1] = (e - 0) / Math.Sqrt(k * (k + 1.0));
            }
        }

        return Rows(rows);
    }

    public static TheoryData<string> Cases => new() { "icosahedron", "24-cell", "E8", "simplex", "cross-polytope" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryNearestNeighbourAngleEqualsTheClosedForm(string name)
    {
        var (x, expected) = name switch
        {
            "icosahedron" => (Icosahedron(), Math.Acos(1 / Math.Sqrt(5)) * 180 / Math.PI),
            "24-cell" => (TwentyFourCell(), 60.0),
            "E8" => (E8(), 60.0),
            "simplex" => (Simplex(9), Math.Acos(-1.0 / 8) * 180 / Math.PI),
            _ => (Rows([.. Enumerable.Range(0, 10).Select(i => { var r = new double[5]; r[i / 2] = i % 2 == 0 ? 1 : -1; return r; })]), 90.0),
        };
        var known = KnownOptimum.Find(x.Dim, x.Rows);
        Assert.NotNull(known);
        Assert.Equal(expected, known.AngleDeg, 9);
        var m = PackingMetrics.Compute(x, threads: 1);
        Assert.Equal(expected, m.MinAngleDeg, 4);
        Assert.Equal(expected, m.NnAngleDeg.Max, 4);
        Assert.Equal(expected, m.NnAngleDeg.Mean, 4);
    }

    [Fact]
    public void CrossPolytopeHistogramHasDAntipodalAndOrthogonalPairs()
    {
        const int D = 6;
        var x = Rows([.. Enumerable.Range(0, 2 * D).Select(i => { var r = new double[D]; r[i / 2] = i % 2 == 0 ? 1 : -1; return r; })]);
        var m = PackingMetrics.Compute(x, angleThresholdsDeg: [89, 91, 179], uniquenessCos: [0.5], threads: 2);
        Assert.Equal(D, m.CosAll.Counts[CosineHistogram.BinOf(-1)]);
        Assert.Equal(2 * D * (D - 1), m.CosAll.Counts[CosineHistogram.BinOf(0)]);
        Assert.Equal(2 * D * (2 * D - 1) / 2, m.CosAll.Count);
        Assert.Equal(1.0, m.PropPairsAboveAngle[89]);
        Assert.Equal(D / (double)m.CosAll.Count, m.PropPairsAboveAngle[91], 12);
        Assert.Equal(1.0, m.Uniqueness[0].GreedyUniqueFraction);
        Assert.Equal(1.0, m.Uniqueness[0].IsolatedFraction);
    }

    [Fact]
    public void UniquenessCountsDuplicatesInStoredOrder()
    {
        // Rows 0 and 1 are identical, row 2 is orthogonal: one duplicate (row 1), two rows not isolated.
        var x = Rows([[1, 0], [1, 0], [0, 1]]);
        var m = PackingMetrics.Compute(x, uniquenessCos: [0.4], threads: 1);
        Assert.Equal(2.0 / 3, m.Uniqueness[0].GreedyUniqueFraction, 12);
        Assert.Equal(1.0 / 3, m.Uniqueness[0].IsolatedFraction, 12);
    }

    [Fact]
    public void ClosedFormTable()
    {
        Assert.Equal(90.1119, KnownOptimum.Find(512, 513)!.AngleDeg, 4);
        Assert.Equal("cross-polytope", KnownOptimum.Find(512, 1024)!.Case);
        Assert.Equal(360.0 / 7, KnownOptimum.Find(2, 7)!.AngleDeg, 12);
        Assert.False(KnownOptimum.Find(4, 24)!.Proven);
        Assert.Null(KnownOptimum.Find(3, 13));
    }

    [Fact]
    public void ReferenceTableIsReadAndMalformedLinesAreNamed()
    {
        var dir = TestPaths.NewTempDir();
        var good = Path.Combine(dir, "ref.tsv");
        File.WriteAllText(good, "N\td\tbest_known_min_angle_deg\tsource\n30\t3\t38.5971\tSloane\n");
        Assert.Equal(38.5971, KnownOptimum.ReadTable(good)[(3, 30)]);
        var bad = Path.Combine(dir, "bad.tsv");
        File.WriteAllText(bad, "d\tN\tbest_known_min_angle_deg\n3\tx\t1\n");
        var e = Assert.Throws<FaceSynthDataException>(() => KnownOptimum.ReadTable(bad));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }
}
