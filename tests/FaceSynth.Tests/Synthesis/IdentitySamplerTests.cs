using FaceSynth.Embeddings;
using FaceSynth.Synthesis;

namespace FaceSynth.Tests.Synthesis;

public class IdentitySamplerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public void UniformRowsAreUnitAndSeeded()
    {
        var a = UniformSampler.Sample(50, 16, 9);
        var b = UniformSampler.Sample(50, 16, 9);
        Assert.Equal(a.Data, b.Data);
        for (int i = 0; i < a.Rows; i++)
        {
            Assert.Equal(1.0, SphereMath.NormDouble(a.Row(i)), 5);
        }

        // Row i depends only on (seed, i): row 3 of a larger set is the same vector.
        var c = UniformSampler.Sample(60, 16, 9);
        Assert.Equal(a.Row(3).ToArray(), c.Row(3).ToArray());
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(8, 1)]
    public void InvalidShapesGiveClearErrors(int n, int d)
    {
        var e = Assert.Throws<FaceSynthDataException>(() => new HyperFaceSampler().Run(new IdentityRequest(n, d, 0), null, None));
        Assert.Contains(n < 2 ? "--count" : "--dim", e.Message, StringComparison.Ordinal);
        Assert.Throws<FaceSynthDataException>(() => new LangevinSampler().Run(new IdentityRequest(n, d, 0), null, None));
    }

    [Fact]
    public void GalleryWithNaNOrWrongDimensionIsRejected()
    {
        var g = UniformSampler.Sample(20, 8, 1);
        g[4, 2] = float.NaN;
        var e = Assert.Throws<FaceSynthDataException>(() => new HyperFaceSampler().Run(new IdentityRequest(10, 8, 0, g), null, None));
        Assert.Contains("row 4", e.Message, StringComparison.Ordinal);
        var wrong = UniformSampler.Sample(20, 6, 1);
        e = Assert.Throws<FaceSynthDataException>(() => new HyperFaceSampler().Run(new IdentityRequest(10, 8, 0, wrong), null, None));
        Assert.Contains("dimension 6", e.Message, StringComparison.Ordinal);
        var small = UniformSampler.Sample(5, 8, 1);
        Assert.Throws<FaceSynthDataException>(() => new HyperFaceSampler().Run(new IdentityRequest(10, 8, 0, small), null, None));
    }

    [Fact]
    public void InfeasibleConstantsAreRejected()
    {
        // Two antipodal constants with a 90 degree exclusion radius cover the whole sphere.
        var c = new EmbeddingMatrix([1, 0, 0, -1, 0, 0], 2, 3);
        var e = Assert.Throws<FaceSynthDataException>(() =>
            new LangevinSampler(new LangevinOptions { D0c = Math.PI / 2 }).Run(new IdentityRequest(4, 3, 0, Constants: c), null, None));
        Assert.Contains("infeasible", e.Message, StringComparison.Ordinal);
        Assert.Throws<FaceSynthDataException>(() =>
            new LangevinSampler(new LangevinOptions { D0c = 2.0 }).Run(new IdentityRequest(4, 3, 0, Constants: new EmbeddingMatrix([1, 0, 0], 1, 3)), null, None));
    }

    [Fact]
    public void HyperFaceIsThreadCountIndependent()
    {
        var o = new HyperFaceOptions { Schedule = PackingSchedule.Single, Steps = 60 };
        var one = new HyperFaceSampler(o).Run(new IdentityRequest(150, 32, 4) { Threads = 1 }, null, None);
        var two = new HyperFaceSampler(o).Run(new IdentityRequest(150, 32, 4) { Threads = 2 }, null, None);
        Assert.Equal(one.Identities.Data, two.Identities.Data);
    }

    [Fact]
    public void HyperFaceResumeEqualsUninterruptedRun()
    {
        var o = new HyperFaceOptions { Schedule = PackingSchedule.Single, Steps = 80, CheckpointEvery = 20 };
        var full = new HyperFaceSampler(o).Run(new IdentityRequest(40, 6, 2), null, None);
        var dir = Path.Combine(TestPaths.NewTempDir(), "checkpoint");
        using var cts = new CancellationTokenSource();
        var stopAt50 = new Progress50(cts);
        var cut = new HyperFaceSampler(o with { ProgressEvery = 1 }).Run(new IdentityRequest(40, 6, 2, CheckpointDirectory: dir), stopAt50, cts.Token);
        Assert.Equal("cancelled", cut.Run.Stopped);
        Assert.True(Checkpoint.Exists(dir));
        var resumed = new HyperFaceSampler(o with { ProgressEvery = 1 }).Run(new IdentityRequest(40, 6, 2, CheckpointDirectory: dir) { Resume = true }, null, None);
        Assert.Equal(full.Identities.Data, resumed.Identities.Data);
    }

    [Fact]
    public void GalleryTermPullsTowardsTheGallery()
    {
        // Anisotropic gallery: a larger alpha must give a smaller mean distance to the nearest gallery point.
        var g = UniformSampler.Sample(200, 16, 5);
        for (int i = 0; i < g.Rows; i++)
        {
            g[i, 0] += 2f;
        }

        g.NormalizeRows();
        double Dist(double alpha)
        {
            var r = new HyperFaceSampler(new HyperFaceOptions { Schedule = PackingSchedule.Single, Steps = 80, Alpha = alpha })
                .Run(new IdentityRequest(40, 16, 1, g), null, None);
            return PackingMetrics.Compute(r.Identities, g, threads: 1).GalleryDistance!.Value;
        }

        Assert.True(Dist(3.0) < Dist(0.0));
    }

    [Fact]
    public void StochasticVariantSeparatesBetterThanUniform()
    {
        var request = new IdentityRequest(600, 16, 3);
        var uniform = PackingMetrics.MinAngleDeg(UniformSampler.Sample(600, 16, 3));
        var r = new HyperFaceSampler(new HyperFaceOptions { Stochastic = true, Steps = 40, BatchSize = 128, Neighbours = 16, RebuildEvery = 5 }).Run(request, null, None);
        double got = PackingMetrics.MinAngleDeg(r.Identities);
        Assert.True(got > uniform + 10, $"stochastic {got} vs uniform {uniform}");
        var again = new HyperFaceSampler(new HyperFaceOptions { Stochastic = true, Steps = 40, BatchSize = 128, Neighbours = 16, RebuildEvery = 5 })
            .Run(request with { Threads = 1 }, null, None);
        Assert.Equal(r.Identities.Data, again.Identities.Data);
    }

    [Fact]
    public void LangevinSpreadsPointsAndIsThreadIndependent()
    {
        var o = new LangevinOptions { Iterations = 60, D0 = 1.2 };
        var a = new LangevinSampler(o).Run(new IdentityRequest(200, 8, 1) { Threads = 1 }, null, None);
        var b = new LangevinSampler(o).Run(new IdentityRequest(200, 8, 1) { Threads = 2 }, null, None);
        Assert.Equal(a.Identities.Data, b.Identities.Data);
        Assert.True(PackingMetrics.MinAngleDeg(a.Identities) > PackingMetrics.MinAngleDeg(UniformSampler.Sample(200, 8, 1)) + 5);
    }

    [Fact]
    public void LangevinKeepsAwayFromConstants()
    {
        var c = UniformSampler.Sample(3, 8, 77);
        var r = new LangevinSampler(new LangevinOptions { Iterations = 80, D0 = 0.8, D0c = 0.9 }).Run(new IdentityRequest(40, 8, 1, Constants: c), null, None);
        var top = FaceSynth.Similarity.SimilarityKernel.TopK(r.Identities, c, 1);
        double closest = 180;
        for (int i = 0; i < r.Identities.Rows; i++)
        {
            closest = Math.Min(closest, SphereMath.AngleDeg(top.ScoresOf(i)[0]));
        }

        // Within a few degrees of the 0.9 rad (51.6 degree) radius: the soft potential lets pairs sit just inside.
        Assert.True(closest > 40, $"closest constant at {closest} degrees");
    }

    private sealed class Progress50(CancellationTokenSource cts) : IProgress<SamplerProgress>
    {
        public void Report(SamplerProgress value)
        {
            if (value.Iteration >= 50)
            {
                cts.Cancel();
            }
        }
    }
}
