using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>The EER / weighted-error sweep (EVALUATION 2.4).</summary>
public class SweepTests
{
    [Fact]
    public void LinsepEerAndMinHterAreExactly32()
    {
        var (neg, pos) = RefData.Linsep();
        Assert.Equal(3.2, BobMeasure.EerThreshold(neg, pos));
        Assert.Equal(3.2, BobMeasure.MinHterThreshold(neg, pos));
        Assert.Equal(3.2, BobMeasure.EerThreshold(neg, pos, BobVersion.V3_0_0));
    }

    [Fact]
    public void NonsepEerThresholdBalancesCounts()
    {
        var (neg, pos) = RefData.Nonsep();
        double t = BobMeasure.EerThreshold(neg, pos);
        int accepted = pos.Count(x => x >= t), rejected = neg.Count(x => x < t);
        Assert.True(accepted - rejected <= 1, $"{accepted} - {rejected}");
        var eer = BobMeasure.Eer(neg, pos);
        Assert.Equal(t, eer.Threshold);
        Assert.Equal(((double)neg.Count(x => x >= t) / neg.Length + (double)pos.Count(x => x < t) / pos.Length) / 2, eer.Eer);
    }

    [Fact]
    public void HighCostWeightedErrorIsSmall()
    {
        double[] neg = [-3, -2, -1, -0.5, 4];
        double[] pos = [0.5, 3];
        double t = BobMeasure.MinWeightedErrorRateThreshold(neg, pos, 0.99);
        var r = BobMeasure.Farfrr(neg, pos, t);
        Assert.True(100 * ((0.99 * r.Fmr) + (0.01 * r.Fnmr)) < 1 + 1e-8);
    }

    [Fact]
    public void V6FinalTestPicksAThresholdAboveEveryScore()
    {
        // Cost 1 weighs only false matches: rejecting everything (FMR 0) is best. The sweep ends
        // when the positives run out with the top negative unseen, so only v6.1.0's final test finds it.
        double[] neg = [0, 1, 5];
        double[] pos = [2, 3];
        double t6 = BobMeasure.MinWeightedErrorRateThreshold(neg, pos, 1.0);
        Assert.Equal(Math.BitIncrement(5.0), t6);
        Assert.Equal(0.0, BobMeasure.Farfrr(neg, pos, t6).Fmr);
        double t3 = BobMeasure.MinWeightedErrorRateThreshold(neg, pos, 1.0, BobVersion.V3_0_0);
        Assert.True(BobMeasure.Farfrr(neg, pos, t3).Fmr > 0);
    }

    [Fact]
    public void MinHterThresholdIsOptimalAmongAllCandidates()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 100; trial++)
        {
            var neg = Enumerable.Range(0, rng.Next(1, 40)).Select(_ => (double)rng.Next(30)).ToArray();
            var pos = Enumerable.Range(0, rng.Next(1, 40)).Select(_ => (double)rng.Next(10, 40)).ToArray();
            double t = BobMeasure.MinHterThreshold(neg, pos);
            double best = neg.Concat(pos).Append(double.PositiveInfinity)
                .Min(c => BobMeasure.Farfrr(neg, pos, c).Hter);
            Assert.True(BobMeasure.Farfrr(neg, pos, t).Hter <= best + 1e-12, $"trial {trial}");
        }
    }
}
