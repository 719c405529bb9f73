using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>NaN scores as failures to acquire (EVALUATION 1.1).</summary>
public class FailureToAcquireTests
{
    [Fact]
    public void HandCountedRates()
    {
        // 4 negatives (1 NaN), 6 positives (2 NaN): FTA = 3 / 10.
        var fta = FailureToAcquire.Strip([0.1, double.NaN, 0.6, 0.3], [0.7, double.NaN, 0.2, 0.9, double.NaN, 0.8]);
        Assert.Equal(0.3, fta.Fta);
        Assert.Equal(3, fta.Scores.NegativeCount);
        Assert.Equal(4, fta.Scores.PositiveCount);
        Assert.Equal(10, fta.TotalCount);

        var r = fta.Rates(0.5);
        Assert.Equal(1.0 / 3, r.Fmr);
        Assert.Equal(0.25, r.Fnmr);
        Assert.Equal((1.0 / 3) * (1 - 0.3), r.Far);
        Assert.Equal(0.3 + (0.25 * (1 - 0.3)), r.Frr);
        Assert.Equal(((1.0 / 3) + 0.25) / 2, r.Hter);
        Assert.Equal((r.Far + r.Frr) / 2, fta.Rates(0.5, BobVersion.V3_0_0).Hter);
        Assert.Equal((1, 3, 1, 4), (r.FalseMatches, r.Negatives, r.FalseNonMatches, r.Positives));
    }

    [Fact]
    public void TwoColumnExportKeepsNaN()
    {
        var neg = RefData.Read1D(RefData.V6("two-cols.negatives.txt"));
        var pos = RefData.Read1D(RefData.V6("two-cols.positives.txt"));
        var fta = FailureToAcquire.Strip(neg, pos);
        int nanNeg = neg.Count(double.IsNaN), nanPos = pos.Count(double.IsNaN);
        Assert.True(nanNeg + nanPos > 0);
        Assert.Equal((double)(nanNeg + nanPos) / (neg.Length + pos.Length), fta.Fta);
        Assert.Equal(neg.Length - nanNeg, fta.Scores.NegativeCount);
        Assert.Equal(pos.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray(), fta.Scores.Positives.ToArray());
    }
}
