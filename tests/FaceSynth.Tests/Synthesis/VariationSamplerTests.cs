using FaceSynth.Synthesis;

namespace FaceSynth.Tests.Synthesis;

public class VariationSamplerTests
{
    [Theory]
    [InlineData(512, 0.5, 341.067)]
    [InlineData(512, 0.7, 701.843)]
    [InlineData(512, 0.95, 4979.47)]
    public void KappaMatchesScipyValues(int d, double c, double kappa)
    {
        // Values from SYNTHESIS.md 4.2 (computed with SciPy's Bessel functions).
        Assert.Equal(kappa, VonMisesFisher.KappaForMeanCos(d, c), kappa * 1e-5);
    }

    [Fact]
    public void MeanCosInThreeDimensionsIsLangevinFunction()
    {
        // A_3(k) = coth k - 1/k.
        foreach (double k in new[] { 0.5, 2.0, 10.0, 50.0 })
        {
            Assert.Equal((1 / Math.Tanh(k)) - (1 / k), VonMisesFisher.MeanCos(3, k), 12);
        }

        Assert.Equal(10.0, VonMisesFisher.KappaForMeanCos(3, 0.9), 3);
    }

    [Fact]
    public void VmfSamplesHaveTheTargetMeanCosine()
    {
        // 4,000 draws: the standard error of the mean cosine is about 0.0013 (w has std ~0.08 at d = 64).
        var x = UniformSampler.Sample(40, 64, 3);
        var r = new VmfSampler(new VmfOptions { TargetMeanCos = 0.6 }).Run(x, 100, 5, null, CancellationToken.None);
        var m = IntraClassMetrics.Compute(x, r.Variations, 100);
        Assert.InRange(m.CosToReference.Mean, 0.6 - 0.006, 0.6 + 0.006);

        // Independent draws: E[cos(v_a, v_b)] = A^2.
        Assert.InRange(m.CosWithin!.Mean, 0.36 - 0.008, 0.36 + 0.008);
        Assert.Equal(0.0, m.ConfusionRate);
    }

    [Fact]
    public void DispersionIsThreadIndependentAndClustersAroundTheReference()
    {
        var x = UniformSampler.Sample(6, 128, 1);
        var s = new DispersionSampler();
        var a = s.Run(x, 8, 2, null, CancellationToken.None);
        var b = s.Run(x, 8, 2, null, CancellationToken.None);
        Assert.Equal(a.Variations, b.Variations);
        var m = IntraClassMetrics.Compute(x, a.Variations, 8);

        // Attraction keeps variations close to the reference, repulsion keeps them apart from each other.
        Assert.InRange(m.CosToReference.Mean, 0.6, 0.99);
        Assert.True(m.CosWithin!.Mean < m.CosToReference.Mean);
        Assert.NotNull(m.Verification);
        Assert.InRange(m.Verification.Eer, 0.0, 0.05);
    }

    [Fact]
    public void DispersionCalibratesR0ToTheTarget()
    {
        var x = UniformSampler.Sample(8, 64, 1);
        var r = new DispersionSampler(new DispersionOptions { TargetMeanCosToReference = 0.9 }).Run(x, 6, 0, null, CancellationToken.None);
        var m = IntraClassMetrics.Compute(x, r.Variations, 6);
        Assert.Equal(0.9, m.CosToReference.Mean, 2);
    }

    [Fact]
    public void InvalidVariationInputsAreRejected()
    {
        var x = UniformSampler.Sample(3, 8, 0);
        Assert.Throws<FaceSynthDataException>(() => new VmfSampler().Run(x, 0, 0, null, CancellationToken.None));
        Assert.Throws<FaceSynthDataException>(() => new VmfSampler(new VmfOptions { TargetMeanCos = 1.5 }).Run(x, 2, 0, null, CancellationToken.None));
    }
}
