using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>Exact Mann-Whitney AUC and the numpy-style summation behind bob's trapezoid AUC.</summary>
public class AucTests
{
    [Fact]
    public void MannWhitneyMatchesPairCounting()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 50; trial++)
        {
            var neg = Enumerable.Range(0, rng.Next(1, 50)).Select(_ => (double)rng.Next(20)).ToArray();
            var pos = Enumerable.Range(0, rng.Next(1, 50)).Select(_ => (double)rng.Next(5, 25)).ToArray();
            double wins = 0;
            foreach (var p in pos)
            {
                foreach (var n in neg)
                {
                    wins += p > n ? 1 : p == n ? 0.5 : 0;
                }
            }

            Assert.Equal(wins / (neg.Length * pos.Length), BobMeasure.MannWhitneyAuc(neg, pos), 1e-15);
        }
    }

    [Fact]
    public void TrapezoidAucIsCloseToExactAuc()
    {
        var (neg, pos) = RefData.Nonsep();
        Assert.Equal(BobMeasure.MannWhitneyAuc(neg, pos), BobMeasure.RocAucScore(neg, pos), 1e-3);
    }

    [Fact]
    public void PairwiseSumAgreesWithExactSum()
    {
        // Integers below 2^53 sum exactly in any order, so every branch must give the plain total.
        foreach (int n in new[] { 0, 5, 8, 127, 128, 129, 1000, 1999 })
        {
            var a = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
            Assert.Equal(n * (n + 1) / 2.0, NumpyReduce.Sum(a));
        }
    }
}
