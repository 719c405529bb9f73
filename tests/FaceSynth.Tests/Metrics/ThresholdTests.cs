using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>far_threshold / frr_threshold rows of EVALUATION 6.2 and their properties.</summary>
public class ThresholdTests
{
    private static double Fmr(double[] neg, double t) => (double)neg.Count(x => x >= t) / neg.Length;

    private static double Fnmr(double[] pos, double t) => (double)pos.Count(x => x < t) / pos.Length;

    [Fact]
    public void TiesAtTheOperatingPointFirstCase()
    {
        double[] pos = [0, 0, 0, 0, .1, .2, .3, .4, .5];
        double[] neg = [.5, .6, .7, .8, .9, 1, 1, 1, 1];
        Assert.Equal(1.0, BobMeasure.FarThreshold(neg, pos, .5));
        Assert.Equal(0.1, BobMeasure.FrrThreshold(neg, pos, .5), 1e-12);
        Assert.True(BobMeasure.FarThreshold(neg, pos, .4) > 1.0);
        Assert.True(BobMeasure.FrrThreshold(neg, pos, .4) >= 0);
    }

    [Fact]
    public void TiesAtTheOperatingPointSecondCase()
    {
        double[] pos = [0, 0, 0, 0, 0, .1, .2, .3, .4, .5];
        double[] neg = [.5, .6, .7, .8, .9, 1, 1, 1, 1, 1];
        Assert.Equal(1.0, BobMeasure.FarThreshold(neg, pos, .5));
        Assert.Equal(0.1, BobMeasure.FrrThreshold(neg, pos, .51), 1e-12);
        Assert.True(BobMeasure.FarThreshold(neg, pos, .49) > 1.0);
        Assert.True(BobMeasure.FrrThreshold(neg, pos, .49) >= 0);
    }

    [Fact]
    public void EqualNegativesAndPositives()
    {
        double[] s = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        Assert.True(BobMeasure.FarThreshold(s, s, .09) > 9);
        Assert.Equal(9.0, BobMeasure.FarThreshold(s, s, .11));
        Assert.Equal(1.0, BobMeasure.FarThreshold(s, s, .91));
        Assert.True(BobMeasure.FarThreshold(s, s, 1) <= 0);
        Assert.True(BobMeasure.FrrThreshold(s, s, .09) >= 0);
        Assert.Equal(1.0, BobMeasure.FrrThreshold(s, s, .11), 1e-12);
        Assert.Equal(9.0, BobMeasure.FrrThreshold(s, s, .91), 1e-12);
    }

    [Fact]
    public void AchievedRatesAreFloorOfTenV()
    {
        double[] neg = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        double[] pos = Enumerable.Range(10, 10).Select(i => (double)i).ToArray();
        var sorted = SortedScores.FromUnsorted(neg, pos);
        for (int k = 0; k <= 20; k++)
        {
            double v = k * 0.05;
            double expected = Math.Floor(10 * v) / 10;
            double fmr = sorted.Farfrr(sorted.FarThreshold(v)).Fmr;
            double fnmr = sorted.Farfrr(sorted.FrrThreshold(v)).Fnmr;
            Assert.Equal(expected, fmr);
            Assert.Equal(expected, fnmr);
            Assert.True(fmr <= v && fnmr <= v);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.001)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    [InlineData(1.0)]
    public void NonsepAchievedRateIsAtMostRequestedAndClose(double v)
    {
        var (neg, pos) = RefData.Nonsep();
        double fmr = Fmr(neg, BobMeasure.FarThreshold(neg, pos, v));
        double fnmr = Fnmr(pos, BobMeasure.FrrThreshold(neg, pos, v));
        Assert.True(fmr <= v && v - fmr <= 0.1, $"FMR {fmr} at v {v}");
        Assert.True(fnmr <= v && v - fnmr <= 0.1, $"FNMR {fnmr} at v {v}");
    }

    [Fact]
    public void FrrQuirkUsesLastIndexOfTheTieRun()
    {
        // True FNMR at 1 is 2/5 = 0.4 <= 0.5, but the run of 1s ends at index 3 and 3/5 > 0.5.
        double[] pos = [0, 0, 1, 1, 2];
        Assert.Equal(LiteralThresholds.Up(0), BobMeasure.FrrThreshold([], pos, 0.1)); // run of 0s ends at 1: 1/5 > 0.1
        Assert.Equal(0.0, BobMeasure.FrrThreshold([], pos, 0.3));
        Assert.Equal(0.0, BobMeasure.FrrThreshold([], pos, 0.5)); // 1/5 <= 0.5 admits 0; 3/5 stops at 1
        Assert.Equal(1.0, BobMeasure.FrrThreshold([], pos, 0.6));

        // v3.0.0 starts from s[0] itself instead of the next double above it.
        Assert.Equal(0.0, BobMeasure.FrrThreshold([], pos, 0.1, BobVersion.V3_0_0));
        Assert.Equal(LiteralThresholds.Up(0), BobMeasure.FrrThreshold([], pos, 0.1));
    }

    [Fact]
    public void BinarySearchAgreesWithTheLiteralWalk()
    {
        var rng = new Random(20240611);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = rng.Next(2, 60);

            // Few distinct values force long runs of ties.
            int distinct = rng.Next(1, 12);
            var values = Enumerable.Range(0, n).Select(_ => (double)rng.Next(distinct) / 4).ToArray();
            var sorted = new SortedScores(values.OrderBy(x => x).ToArray(), values.OrderBy(x => x).ToArray());
            foreach (double v in new[] { 0.0, 1.0 / n, 0.5 / n, rng.NextDouble(), rng.NextDouble(), (double)rng.Next(n) / n, 1 - 1e-17, 1.0 })
            {
                Assert.Equal(LiteralThresholds.Far(values, v), sorted.FarThreshold(v));
                Assert.Equal(LiteralThresholds.Frr(values, v), sorted.FrrThreshold(v));
                Assert.Equal(LiteralThresholds.Frr(values, v, v3: true), sorted.FrrThreshold(v, BobVersion.V3_0_0));
            }
        }
    }

    [Fact]
    public void UpAndDownStopAtHugeMagnitudes()
    {
        double[] big = [1e300, 2e300];
        Assert.Equal(2e300, BobMeasure.FarThreshold(big, [], 0.0));
        Assert.Equal(1e300, BobMeasure.FarThreshold(big, [], 1.0));
        Assert.Equal(Math.BitIncrement(2.0), BobMeasure.FarThreshold([1.0, 2.0], [], 0.0));
    }

    [Fact]
    public void InvalidRequestsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BobMeasure.FarThreshold([1, 2], [], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BobMeasure.FrrThreshold([], [1, 2], -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BobMeasure.FarThreshold([1, 2], [], double.NaN));
        var e = Assert.Throws<ArgumentException>(() => BobMeasure.FarThreshold([1], [1, 2], 0.1));
        Assert.Contains("negative", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => BobMeasure.FrrThreshold([1, 2], [1], 0.1));
        Assert.Contains("positive", e.Message, StringComparison.Ordinal);
    }
}
