using FaceSynth.Metrics.Fairness;

namespace FaceSynth.Tests.Metrics.Fairness;

/// <summary>Summary statistics of EVALUATION.md 5.2-5.3 on hand-computed tables.</summary>
public class FairnessMetricsTests
{
    private static readonly double[] Fmr = [0.01, 0.04, 0.02];
    private static readonly double[] Fnmr = [0.1, 0.05, 0.4];

    [Fact]
    public void RatiosAndGeometricMean()
    {
        Assert.Equal(4.0, FairnessMetrics.MaxMinRatio(Fmr).Value, 12);
        Assert.Equal(8.0, FairnessMetrics.MaxMinRatio(Fnmr).Value, 12);

        // Geometric mean of 0.01, 0.04, 0.02 = (8e-6)^(1/3) = 0.02.
        Assert.Equal(2.0, FairnessMetrics.MaxGeoMeanRatio(Fmr).Value, 12);
    }

    [Fact]
    public void GiniGarbeFdrIr()
    {
        // FMR: sum |xi - xj| = 2 (0.03 + 0.01 + 0.02) = 0.12, mean 0.07/3: (3/2) 0.12 / (18 * 0.07/3) = 3/7.
        Assert.Equal(3.0 / 7, FairnessMetrics.Gini(Fmr).Value, 12);

        // FNMR: 2 (0.05 + 0.3 + 0.35) = 1.4, mean 0.55/3: (3/2) 1.4 / 3.3 = 7/11.
        Assert.Equal(7.0 / 11, FairnessMetrics.Gini(Fnmr).Value, 12);
        Assert.Equal(((3.0 / 7) + (7.0 / 11)) / 2, FairnessMetrics.Garbe(Fmr, Fnmr).Value, 12);
        Assert.Equal((0.25 * 3.0 / 7) + (0.75 * 7.0 / 11), FairnessMetrics.Garbe(Fmr, Fnmr, 0.25).Value, 12);

        // FDR: A = 0.03, B = 0.35 -> 1 - (0.015 + 0.175).
        Assert.Equal(0.81, FairnessMetrics.Fdr(Fmr, Fnmr).Value, 12);

        // IR = 4^0.5 * 8^0.5 = sqrt(32); alpha 0.25: 4^0.25 * 8^0.75 = 2^(0.5 + 2.25).
        Assert.Equal(Math.Sqrt(32), FairnessMetrics.InequityRate(Fmr, Fnmr).Value, 12);
        Assert.Equal(Math.Pow(2, 2.75), FairnessMetrics.InequityRate(Fmr, Fnmr, 0.25).Value, 12);
    }

    [Fact]
    public void AccuracyBasedStatistics()
    {
        double[] acc = [99, 98, 96];
        Assert.Equal(4.0, FairnessMetrics.SkewedErrorRatio(acc).Value, 12); // errors 1, 2, 4
        Assert.Equal(Math.Sqrt(14.0 / 9), FairnessMetrics.AccuracyStd(acc).Value, 12);
        Assert.Equal(Math.Sqrt(7.0 / 3), FairnessMetrics.AccuracyStd(acc, sample: true).Value, 12);

        var to = Frcsyn.TradeOff(acc);
        Assert.Equal(293.0 / 3, to.Average, 12);
        Assert.Equal((293.0 / 3) - Math.Sqrt(14.0 / 9), to.TradeOff, 12);
        Assert.Equal((293.0 / 3) - Math.Sqrt(7.0 / 3), Frcsyn.TradeOff(acc, sampleStd: true).TradeOff, 12);
        Assert.Equal(25.0, Frcsyn.GapToReal(100, 80), 12);
    }

    [Fact]
    public void UndefinedCasesAreNaNWithAReason()
    {
        double[] withZero = [0.5, 0.0];
        var r = FairnessMetrics.MaxMinRatio(withZero);
        Assert.True(double.IsNaN(r.Value));
        Assert.Contains("0", r.Reason);
        Assert.False(FairnessMetrics.MaxGeoMeanRatio(withZero).IsDefined);
        Assert.False(FairnessMetrics.Gini([0.0, 0.0]).IsDefined);
        Assert.False(FairnessMetrics.Gini([0.3]).IsDefined);
        Assert.False(FairnessMetrics.InequityRate(withZero, [0.1, 0.2]).IsDefined);
        Assert.False(FairnessMetrics.SkewedErrorRatio([100, 90]).IsDefined);
        Assert.False(FairnessMetrics.Fdr([double.NaN, 0.1], [0.1, 0.2]).IsDefined);

        // The optional floor makes a zero rate usable: 0.5 / 0.001.
        Assert.Equal(500.0, FairnessMetrics.MaxMinRatio(withZero, floor: 0.001).Value, 9);
    }

    [Fact]
    public void BordaAverageTiesAndMissingValues()
    {
        string[] systems = ["S1", "S2", "S3", "S4"];
        string[] benchmarks = ["B1", "B2", "B3"];
        double[][] metric =
        [
            [0.99, 0.90, 0.5],
            [0.98, 0.95, 0.6],
            [0.98, 0.80, 0.7],
            [0.95, double.NaN, 0.8],
        ];
        var r = BordaRanking.Rank(systems, benchmarks, metric);

        // B1: ranks 1, 2.5, 2.5, 4 -> 3, 1.5, 1.5, 0; B2: 2, 1, 3, missing -> 2, 3, 1, 0; B3: 4, 3, 2, 1 -> 0, 1, 2, 3.
        Assert.Equal([5.0, 5.5, 4.5, 3.0], r.Totals);
        Assert.Equal([1, 0, 2, 3], r.Order);
        Assert.Equal([2, 1, 3, 4], r.FinalRanks);
        Assert.Equal(2.5, r.Ranks[1][0]);
        Assert.True(double.IsNaN(r.Ranks[3][1]));

        // Competition ties: S2 and S3 both rank 2 on B1 (2 points each): totals 5, 6, 5, 3; S1 and S3 share rank 2.
        var min = BordaRanking.Rank(systems, benchmarks, metric, new BordaOptions { Ties = BordaTieRule.Min });
        Assert.Equal([5.0, 6.0, 5.0, 3.0], min.Totals);
        Assert.Equal([2, 1, 2, 4], min.FinalRanks);
    }
}
