using System.Globalization;
using FaceSynth.Metrics.Pyeer;

namespace FaceSynth.Tests.Metrics.Pyeer;

/// <summary>pyeer on its own example files, checked against a direct O(n x T) count written here.</summary>
public class PyeerReferenceFileTests
{
    [Theory]
    [InlineData("exp1")]
    [InlineData("exp2")]
    public void NormalModeMatchesBruteForceCounts(string exp)
    {
        var gen = ReadScores(TestPaths.Data("pyeer", "non_hist", exp + "_true.txt"));
        var imp = ReadScores(TestPaths.Data("pyeer", "non_hist", exp + "_false.txt"));
        var c = PyeerRates.Compute(gen, imp);

        var thresholds = gen.Concat(imp).Distinct().OrderBy(x => x).ToArray();
        Assert.Equal(thresholds, c.Thresholds);
        for (int k = 0; k < thresholds.Length; k++)
        {
            double t = thresholds[k];
            Assert.Equal(gen.Count(g => g < t) / (double)gen.Length, c.Fnmr[k]);
            Assert.Equal(imp.Count(i => i >= t) / (double)imp.Length, c.Fmr[k]);
        }
    }

    [Fact]
    public void LargeFileMatchesBruteForceOnSampledThresholds()
    {
        var gen = ReadScores(TestPaths.Data("pyeer", "non_hist", "exp3_true.txt"));
        var imp = ReadScores(TestPaths.Data("pyeer", "non_hist", "exp3_false.txt"));
        var c = PyeerRates.Compute(gen, imp);
        Assert.Equal(gen.Concat(imp).Distinct().Count(), c.Count);
        var rng = new Random(7);
        for (int s = 0; s < 40; s++)
        {
            int k = s == 0 ? c.Count - 1 : rng.Next(c.Count);
            double t = c.Thresholds[k];
            Assert.Equal(gen.Count(g => g < t) / (double)gen.Length, c.Fnmr[k]);
            Assert.Equal(imp.Count(i => i >= t) / (double)imp.Length, c.Fmr[k]);
        }
    }

    [Fact]
    public void AucPlusTheMissingCornerEqualsMannWhitney()
    {
        // The pyeer curve runs from (1, 1) to the point of the highest score; adding the triangle-trapezoid
        // to (0, 0) gives the full area, i.e. P(gen > imp) + P(gen == imp) / 2 counted pair by pair.
        var gen = ReadScores(TestPaths.Data("pyeer", "non_hist", "exp2_true.txt"));
        var imp = ReadScores(TestPaths.Data("pyeer", "non_hist", "exp2_false.txt"));
        var s = PyeerStats.Compute(gen, imp);
        double wins = 0;
        foreach (double g in gen)
        {
            foreach (double i in imp)
            {
                wins += g > i ? 1 : g == i ? 0.5 : 0;
            }
        }

        double last = s.Curve.Fmr[^1] * (1 - s.Curve.Fnmr[^1]) / 2;
        Assert.Equal(wins / ((double)gen.Length * imp.Length), s.Auc + last, 12);
    }

    [Fact]
    public void MomentsMatchDirectSums()
    {
        var gen = ReadScores(TestPaths.Data("pyeer", "non_hist", "exp1_true.txt"));
        var imp = ReadScores(TestPaths.Data("pyeer", "non_hist", "exp1_false.txt"));
        var s = PyeerStats.Compute(gen, imp);
        double gm = gen.Average(), im = imp.Average();
        double gs = Math.Sqrt(gen.Sum(x => (x - gm) * (x - gm)) / gen.Length);
        double isd = Math.Sqrt(imp.Sum(x => (x - im) * (x - im)) / imp.Length);
        Assert.Equal(gm, s.GenuineMean, 12);
        Assert.Equal(isd, s.ImpostorStd, 12);
        Assert.Equal(Math.Abs(gm - im) / Math.Sqrt(((gs * gs) + (isd * isd)) / 2), s.Decidability, 10);

        // The EER interval brackets the crossing: FMR - FNMR changes sign between the two candidates.
        Assert.True(s.Eer.EerLow <= s.Eer.EerHigh);
        Assert.Null(s.Eer.Warning);
    }

    [Fact]
    public void HistogramFileMatchesBruteForce()
    {
        var gen = ReadScores(TestPaths.Data("pyeer", "hist", "exp1_true.txt"));
        var hist = ReadScores(TestPaths.Data("pyeer", "hist", "exp1_false.txt"));
        var c = PyeerRates.ComputeHistogram(gen, hist);
        double top = new[] { gen.Max(), gen.Length, hist.Max(), hist.Length }.Max();
        Assert.Equal((int)top + 1, c.Count);
        double total = hist.Sum();
        for (int t = 0; t < c.Count; t += 37)
        {
            double fm = 0;
            for (int k = t; k < hist.Length; k++)
            {
                fm += hist[k];
            }

            Assert.Equal(fm / total, c.Fmr[t], 14);
            Assert.Equal(gen.Count(g => g < t) / (double)gen.Length, c.Fnmr[t]);
        }
    }

    /// <summary>pyeer's reader: the score is the last field after splitting the stripped line on single spaces.</summary>
    internal static double[] ReadScores(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => double.Parse(l.Trim().Split(' ')[^1], CultureInfo.InvariantCulture))];
}
