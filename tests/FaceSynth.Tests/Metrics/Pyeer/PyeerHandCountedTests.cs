using FaceSynth.Metrics.Pyeer;

namespace FaceSynth.Tests.Metrics.Pyeer;

/// <summary>pyeer rules on cases small enough to count by hand (EVALUATION.md 3.1-3.4).</summary>
public class PyeerHandCountedTests
{
    // gen = {0.5, 0.7, 0.7, 0.9}, imp = {0.1, 0.5, 0.6}; thresholds 0.1 0.5 0.6 0.7 0.9
    // #gen < t = 0 0 1 1 3; #imp >= t = 3 2 1 0 0.
    private static readonly double[] Gen = [0.7, 0.5, 0.9, 0.7];
    private static readonly double[] Imp = [0.6, 0.1, 0.5];

    [Fact]
    public void NormalModeCountsTiesAndDistinctThresholds()
    {
        var c = PyeerRates.Compute(Gen, Imp);
        Assert.Equal([0.1, 0.5, 0.6, 0.7, 0.9], c.Thresholds);
        Assert.Equal([0.0, 0, 1, 1, 3], c.FalseNonMatches);
        Assert.Equal([3.0, 2, 1, 0, 0], c.FalseMatches);
        Assert.Equal([1.0, 2.0 / 3, 1.0 / 3, 0, 0], c.Fmr);
        Assert.Equal([0.0, 0, 0.25, 0.25, 0.75], c.Fnmr);
    }

    [Fact]
    public void DissimilarityModeNegatesScoresAndThresholds()
    {
        var c = PyeerRates.Compute(Gen.Select(x => -x).ToArray(), Imp.Select(x => -x).ToArray(), PyeerScoreType.Dissimilarity);
        Assert.Equal([-0.1, -0.5, -0.6, -0.7, -0.9], c.Thresholds);
        Assert.Equal([1.0, 2.0 / 3, 1.0 / 3, 0, 0], c.Fmr);
        Assert.Equal([0.0, 0, 0.25, 0.25, 0.75], c.Fnmr);
    }

    [Fact]
    public void StatisticsOfTheSmallCase()
    {
        var s = PyeerStats.Compute(Gen, Imp);

        // d = FMR - FNMR = 1, 2/3, 1/12, -1/4, -3/4: t2 = 3, t1 = 2; 7/12 > 1/4 so k = t2.
        Assert.Equal(3, s.Eer.Index);
        Assert.Equal(0.0, s.Eer.EerLow);
        Assert.Equal(0.25, s.Eer.EerHigh);
        Assert.Equal(0.125, s.Eer.Eer);
        Assert.Equal(0.7, s.Eer.Threshold);

        var zeroFmr = s.FmrPoints[0];
        Assert.Equal("ZeroFMR", zeroFmr.Name);
        Assert.Equal(3, zeroFmr.Index);
        Assert.Equal(0.25, zeroFmr.Value);

        // FNMR is 0 at indices 0 and 1: ZeroFNMR takes the LAST, so FMR = 2/3 at threshold 0.5.
        Assert.Equal(1, s.ZeroFnmr.Index);
        Assert.Equal(2.0 / 3, s.ZeroFnmr.Value);
        Assert.Equal(0.5, s.ZeroFnmr.Threshold);

        // Trapezoids 1/3 + 7/24 + 1/4 + 0 = 21/24; equals the Mann-Whitney count 10.5 / 12 here.
        Assert.Equal(0.875, s.Auc, 15);

        Assert.Equal(0.75, s.YoudenJ, 15);
        Assert.Equal(3, s.YoudenIndex);

        // MCC at index 3: TP = 3, TN = 3, FP = 0, FN = 1: 9 / 12.
        Assert.Equal(0.75, s.Mcc, 15);
        Assert.Equal(3, s.MccIndex);

        Assert.Equal(0.7, s.GenuineMean, 15);
        Assert.Equal(Math.Sqrt(0.02), s.GenuineStd, 15);
        Assert.Equal(0.4, s.ImpostorMean, 15);
        Assert.Equal(Math.Sqrt(0.14 / 3), s.ImpostorStd, 15);
        Assert.Equal(0.3 / Math.Sqrt((0.02 + (0.14 / 3)) / 2), s.Decidability, 12);
    }

    [Fact]
    public void EerTakesTheLowerThresholdWhenItsSumIsSmaller()
    {
        // FMR = 1, 0.2, 0; FNMR = 0, 0.1, 0.5: t2 = 2, t1 = 1, 0.3 <= 0.5 -> EERlow = FNMR, EERhigh = FMR at t1.
        double[] imp = [1, 1, 1, 1, 2];
        double[] gen = [1, 2, 2, 2, 2, 3, 3, 3, 3, 3];
        var e = PyeerStats.FindEer(PyeerRates.Compute(gen, imp));
        Assert.Equal(1, e.Index);
        Assert.Equal(0.1, e.EerLow);
        Assert.Equal(0.2, e.EerHigh);
        Assert.Equal((0.1 + 0.2) / 2, e.Eer);
        Assert.Equal(2.0, e.Threshold);
        Assert.Null(e.Warning);
    }

    [Fact]
    public void EerWithoutCrossingWarnsAndReturnsOne()
    {
        // One threshold (1.0): FMR = 1, FNMR = 0, so FMR - FNMR never drops to 0.
        var e = PyeerStats.FindEer(PyeerRates.Compute([1.0], [1.0]));
        Assert.Equal(1.0, e.Eer);
        Assert.Equal(0, e.Index);
        Assert.NotNull(e.Warning);
    }

    [Fact]
    public void NearestFmrMayLieAboveTheTarget()
    {
        // imp = 1..10, gen = 20: FMR = 1.0, 0.9, ..., 0.1 at thresholds 1..10, then 0 at 20.
        double[] imp = [.. Enumerable.Range(1, 10).Select(i => (double)i)];
        var s = PyeerStats.Compute([20.0], imp);
        var fmr20 = s.FmrPoints.Single(p => p.Name == "FMR20");

        // |0.1 - 0.05| == |0 - 0.05|: the FIRST index wins, FMR 0.1 > target 0.05.
        Assert.Equal(0.1, fmr20.AchievedRate);
        Assert.Equal(10.0, fmr20.Threshold);
        var fmr10 = s.FmrPoints.Single(p => p.Name == "FMR10");
        Assert.Equal(10.0, fmr10.Threshold);
        var fmr100 = s.FmrPoints.Single(p => p.Name == "FMR100");
        Assert.Equal(0.0, fmr100.AchievedRate);
        Assert.Equal(20.0, fmr100.Threshold);
    }

    [Fact]
    public void HistogramModeCountsFromTheCumulativeHistogram()
    {
        // Impostor scores 0, 2, 2, 3 as a histogram; T = max(5, 4, 2, 4) = 5 -> thresholds 0..5.
        double[] gen = [2, 3, 3, 5];
        double[] hist = [1, 0, 2, 1];
        var c = PyeerRates.ComputeHistogram(gen, hist);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], c.Thresholds);
        Assert.Equal([4.0, 3, 3, 1, 0, 0], c.FalseMatches);
        Assert.Equal([0.0, 0, 0, 1, 3, 3], c.FalseNonMatches);
        Assert.Equal(4.0, c.ImpostorCount);

        var s = PyeerStats.ComputeHistogram(gen, hist);
        Assert.Equal(1.75, s.ImpostorMean, 15);
        Assert.Equal(Math.Sqrt(4.75 / 4), s.ImpostorStd, 15);
    }

    [Fact]
    public void HistogramDissimilarityAcceptsAtOrBelowWithDescendingThresholds()
    {
        double[] gen = [0, 1, 1, 4];
        double[] hist = [0, 1, 2, 1]; // impostor scores 1, 2, 2, 3
        var c = PyeerRates.ComputeHistogram(gen, hist, PyeerScoreType.Dissimilarity);
        Assert.Equal([4.0, 3, 2, 1, 0], c.Thresholds);

        // #imp <= t and #gen > t at t = 4, 3, 2, 1, 0.
        Assert.Equal([4.0, 4, 3, 1, 0], c.FalseMatches);
        Assert.Equal([0.0, 1, 1, 1, 3], c.FalseNonMatches);
    }

    [Fact]
    public void NaNScoresAreRemovedAndEmptySidesRejected()
    {
        var c = PyeerRates.Compute([0.7, double.NaN, 0.5, 0.9, 0.7], Imp);
        Assert.Equal(4.0, c.GenuineCount);
        Assert.Throws<ArgumentException>(() => PyeerRates.Compute([double.NaN], Imp));
        Assert.Throws<ArgumentException>(() => PyeerRates.Compute(Gen, []));
        Assert.Throws<ArgumentException>(() => PyeerRates.ComputeHistogram(Gen, [0, 0]));
    }
}
