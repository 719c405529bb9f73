using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>farfrr, precision/recall, F-score and error handling (EVALUATION 2.1, 6.2).</summary>
public class RatesTests
{
    [Fact]
    public void LinsepRatesAtThreeThresholds()
    {
        var (neg, pos) = RefData.Linsep();
        double min = Math.Min(neg.Min(), pos.Min()), max = Math.Max(neg.Max(), pos.Max());
        var sorted = SortedScores.FromUnsorted(neg, pos);

        Assert.Equal(new ErrorRates(1, 0), BobMeasure.Farfrr(neg, pos, min - 0.1));
        Assert.Equal(new PrecisionRecall(0.5, 1), BobMeasure.PrecisionRecall(neg, pos, min - 0.1));
        Assert.Equal(new ErrorRates(0, 1), BobMeasure.Farfrr(neg, pos, max + 0.1));
        Assert.Equal(new PrecisionRecall(0, 0), BobMeasure.PrecisionRecall(neg, pos, max + 0.1));
        Assert.Equal(new ErrorRates(0, 0), BobMeasure.Farfrr(neg, pos, 3.0));
        Assert.Equal(new PrecisionRecall(1, 1), BobMeasure.PrecisionRecall(neg, pos, 3.0));

        foreach (double t in new[] { min - 0.1, max + 0.1, 3.0 })
        {
            Assert.Equal(BobMeasure.Farfrr(neg, pos, t), sorted.Farfrr(t));
            Assert.Equal(BobMeasure.PrecisionRecall(neg, pos, t), sorted.PrecisionRecall(t));
        }
    }

    [Fact]
    public void LinsepFScores()
    {
        var (neg, pos) = RefData.Linsep();
        double min = Math.Min(neg.Min(), pos.Min()), max = Math.Max(neg.Max(), pos.Max());
        Near.Close(0.66666667, BobMeasure.FScore(neg, pos, min - 0.1), 1e-5, 1e-8, "F1");
        Near.Close(0.83333333, BobMeasure.FScore(neg, pos, min - 0.1, 2), 1e-5, 1e-8, "F2");
        Assert.Equal(0.0, BobMeasure.FScore(neg, pos, max + 0.1));
        Assert.Equal(0.0, BobMeasure.FScore(neg, pos, max + 0.1, 2));
        Assert.Equal(1.0, BobMeasure.FScore(neg, pos, 3.0));
        Assert.Equal(1.0, BobMeasure.FScore(neg, pos, 3.0, 2));
        Assert.Equal(BobMeasure.FScore(neg, pos, min - 0.1, 1), BobMeasure.FScore(neg, pos, min - 0.1, -3));
    }

    [Fact]
    public void CountsAndClassificationFollowAcceptIffAtOrAbove()
    {
        double[] neg = [0.1, 0.5, 0.5, 0.9];
        double[] pos = [0.2, 0.5, 0.7];
        var c = BobMeasure.Counts(neg, pos, 0.5);
        Assert.Equal(new ErrorCounts(3, 4, 1, 3), c);
        Assert.Equal(0.75, c.Fmr);
        Assert.Equal(1.0 / 3, c.Fnmr);
        Assert.Equal(c, SortedScores.FromUnsorted(neg, pos).Counts(0.5));
        Assert.Equal([true, false, false, false], BobMeasure.CorrectlyClassifiedNegatives(neg, 0.5));
        Assert.Equal([false, true, true], BobMeasure.CorrectlyClassifiedPositives(pos, 0.5));
        Assert.Equal(new ErrorRates(1, 1), BobMeasure.Farfrr(neg, pos, double.NaN));
        Assert.Equal(new ErrorRates(1, 1), SortedScores.FromUnsorted(neg, pos).Farfrr(double.NaN));
    }

    [Fact]
    public void VectorisedCountMatchesScalarCount()
    {
        var rng = new Random(7);
        var neg = Enumerable.Range(0, 1037).Select(_ => Math.Round(rng.NextDouble(), 2)).ToArray();
        var pos = Enumerable.Range(0, 515).Select(_ => Math.Round(rng.NextDouble(), 2)).ToArray();
        var sorted = SortedScores.FromUnsorted(neg, pos);
        foreach (double t in new[] { -1, 0, 0.25, 0.5, 0.73, 1, 2 })
        {
            var expected = new ErrorCounts(neg.Count(x => x >= t), neg.Length, pos.Count(x => x < t), pos.Length);
            Assert.Equal(expected, BobMeasure.Counts(neg, pos, t));
            Assert.Equal(expected, sorted.Counts(t));
        }
    }

    [Fact]
    public void EmptySidesAreNamed()
    {
        double[] some = [1, 2, 3];
        var e = Assert.Throws<ArgumentException>(() => BobMeasure.Farfrr([], some, 0));
        Assert.Equal("negatives", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => BobMeasure.Farfrr(some, [], 0));
        Assert.Equal("positives", e.ParamName);

        var calls = new Action[]
        {
            () => BobMeasure.PrecisionRecall([], some, 0),
            () => BobMeasure.FScore([], some, 0),
            () => BobMeasure.EerThreshold([], some),
            () => BobMeasure.MinHterThreshold(some, []),
            () => BobMeasure.MinWeightedErrorRateThreshold([], some, 0.3),
            () => BobMeasure.Eer(some, []),
            () => BobMeasure.Roc([], some, 100),
            () => BobMeasure.RocForFar(some, [], [0.1]),
            () => BobMeasure.PrecisionRecallCurve(some, [], 100),
            () => BobMeasure.Det([], some, 100),
            () => BobMeasure.Epc(some, some, [], some, 10),
            () => BobMeasure.RocAucScore(some, []),
            () => BobMeasure.MannWhitneyAuc([], some),
            () => Rocch.Compute([], some),
            () => Calibration.Cllr(some, []),
            () => Calibration.MinCllr([], some),
            () => SortedScores.FromUnsorted([], some).Farfrr(0),
        };
        foreach (var call in calls)
        {
            var ex = Assert.ThrowsAny<ArgumentException>(call);
            Assert.True(ex.ParamName is "negatives" or "positives", ex.Message);
        }
    }

    [Fact]
    public void NaNInputsAndUnsortedWrapsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => BobMeasure.EerThreshold([1, double.NaN], [2, 3]));
        Assert.Throws<ArgumentException>(() => new SortedScores(new double[] { 2, 1 }, new double[] { 1, 2 }));
        Assert.Throws<ArgumentException>(() => new SortedScores(new double[] { double.NaN }, new double[] { 1 }));
        var unchecked0 = new SortedScores(new double[] { 2, 1 }, new double[] { 1 }, verify: false);
        Assert.Equal(2, unchecked0.NegativeCount);
    }
}
