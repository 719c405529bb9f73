using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>C-style number formatting and the DET normal deviate.</summary>
public class FormatAndPpndfTests
{
    [Theory]
    [InlineData(-0.0048305, "-4.830500e-03")]
    [InlineData(0.0034305, "3.430500e-03")]
    [InlineData(0.0, "0.000000e+00")]
    [InlineData(123456789.0, "1.234568e+08")]
    [InlineData(1e-300, "1.000000e-300")]
    [InlineData(double.NaN, "nan")]
    public void PercentE(double value, string expected) => Assert.Equal(expected, CFormat.E(value));

    [Theory]
    [InlineData(0.0005, "0.001")] // 0.0005 is just above 5e-4 in binary: rounds up
    [InlineData(0.0015, "0.002")]
    [InlineData(1.0005, "1.000")] // just below in binary: rounds down (C printf agrees)
    [InlineData(6.7307692307692308, "6.731")]
    public void PercentPointThreeF(double value, string expected) => Assert.Equal(expected, CFormat.F3(value));

    [Theory]
    [InlineData(0.001, -3.090)]
    [InlineData(0.01, -2.326)]
    [InlineData(0.1, -1.282)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.9, 1.282)]
    [InlineData(0.99, 2.326)]
    [InlineData(0.999, 3.090)]
    public void PpndfTable(double p, double deviate) => Assert.Equal(deviate, Ppndf.Compute(p), 3);

    [Fact]
    public void PpndfClampsWithTheChosenEpsilon()
    {
        Assert.Equal(Ppndf.Compute(Ppndf.LegacyEpsilon), Ppndf.Compute(0.0));
        Assert.Equal(Ppndf.Compute(1 - Ppndf.MachineEpsilon, Ppndf.MachineEpsilon), Ppndf.Compute(1.0, Ppndf.MachineEpsilon));
        Assert.NotEqual(Ppndf.Compute(0.0), Ppndf.Compute(0.0, Ppndf.MachineEpsilon));
        Assert.Equal(-Ppndf.Compute(0.3), Ppndf.Compute(0.7), 12);
    }

    [Fact]
    public void SortedAndUnsortedFormsAgree()
    {
        var (neg, pos) = RefData.Nonsep();
        var sorted = new SortedScores(neg.OrderBy(x => x).ToArray(), pos.OrderBy(x => x).ToArray());
        Assert.Equal(BobMeasure.Roc(neg, pos, 64).Fnmr, sorted.Roc(64).Fnmr);
        Assert.Equal(BobMeasure.EerThreshold(neg, pos), sorted.EerThreshold());
        Assert.Equal(BobMeasure.FarThreshold(neg, pos, 0.1), sorted.FarThreshold(0.1));
        Assert.Equal(BobMeasure.RocAucScore(neg, pos), sorted.RocAucScore());
    }

    [Fact]
    public void EpcAlphaIsIStep()
    {
        var (neg, pos) = RefData.Nonsep();
        var epc = BobMeasure.Epc(neg, pos, neg, pos, 7);
        double step = 1.0 / 6;
        Assert.Equal([0, step, 2 * step, 3 * step, 4 * step, 5 * step, 1.0], epc.Alpha);
    }
}
