using FaceSynth.Metrics;

namespace FaceSynth.Tests.Metrics;

/// <summary>v3.0.0 ROCCH, EER-ROCCH, Cllr and min Cllr (EVALUATION 2.12, 6.2).</summary>
public class LegacyTests
{
    [Fact]
    public void RocchOnLinsep()
    {
        var (neg, pos) = RefData.Linsep("v3");
        var hull = Rocch.Compute(neg, pos);
        Near.AllClose([1, 0, 0], hull.Pfa, 0, 1e-15, "Pfa");
        Near.AllClose([0, 0, 1], hull.Pmiss, 0, 1e-15, "Pmiss");
        Assert.Equal(0.0, Rocch.EerRocch(neg, pos), 1e-4);
    }

    [Fact]
    public void RocchOnNonsep()
    {
        var (neg, pos) = RefData.Nonsep("v3");
        var hull = Rocch.Compute(neg, pos);
        Near.AllClose([1, .68, .28, .1, .06, 0, 0], hull.Pfa, 0, 1e-15, "Pfa");
        Near.AllClose([0, 0, .08, .12, .22, .48, 1], hull.Pmiss, 0, 1e-15, "Pmiss");
        Assert.Equal(0.116363636363636, Rocch.EerRocch(neg, pos), 1e-4);
    }

    [Fact]
    public void CllrOnLinsepAndNonsep()
    {
        var (ln, lp) = RefData.Linsep("v3");
        Assert.Equal(1.2097942129, Calibration.Cllr(ln, lp), 7);
        Assert.Equal(0.0, Calibration.MinCllr(ln, lp), 7);
        var (nn, np) = RefData.Nonsep("v3");
        Assert.Equal(3.61833, Calibration.Cllr(nn, np), 1e-5);
        Assert.Equal(0.33736, Calibration.MinCllr(nn, np), 1e-5);
    }

    [Fact]
    public void CllrOfUninformativeScoresIsOne()
    {
        // LLR 0 everywhere costs exactly log2(2) = 1 bit per side.
        Assert.Equal(1.0, Calibration.Cllr([0, 0, 0], [0, 0]), 15);
        Assert.Equal(0.0, Calibration.Cllr([-1000], [1000]), 15);
    }
}
