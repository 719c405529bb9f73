using System.Runtime.InteropServices;
using FaceSynth.Embeddings;
using FaceSynth.Synthesis;

namespace FaceSynth.Tests.Synthesis;

/// <summary>Verlet neighbour lists of the Langevin sampler (SYNTHESIS.md 3.3.3).</summary>
public class LangevinNeighbourListTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    // Sizes cover the pass's tiny in-thread path (N^2 <= 65,536), the blocked kernel with a partial last row block
    // (390 = 4 x 96 + 6: two rows outside the 4-row tiles), two column blocks (N > 768), d below 32 (separate
    // multiply and add), d = 40 (fused tiles plus a separate tail) and d = 64. d0 sits a few standard deviations
    // (about 1/sqrt(d) rad) below 90 degrees, so lists hold a few percent of N.
    [Theory]
    [InlineData(200, 8, 0.75)]
    [InlineData(390, 40, 1.2)]
    [InlineData(900, 12, 0.85)]
    [InlineData(300, 64, 1.3)]
    public void ListsGiveBitIdenticalIdentities(int n, int d, double d0)
    {
        var o = Options(d0);
        var request = new IdentityRequest(n, d, 5) { Threads = 2 };
        var off = new LangevinSampler(o with { NeighbourLists = NeighbourListMode.Off }).Run(request, null, None);
        var on = new LangevinSampler(o with { NeighbourLists = NeighbourListMode.On }).Run(request, null, None);
        Assert.Equal("off", off.Options["neighbour_lists"]);
        Assert.Equal("on", on.Options["neighbour_lists"]);
        int builds = (int)on.Options["neighbour_list_builds"]!;
        double mean = (double)on.Options["neighbour_list_mean_length"]!;

        // At least one rebuild after the first build, and iterations that ran on the lists alone.
        Assert.InRange(builds, 2, o.Iterations - 2);
        Assert.InRange(mean, 1, n / 8.0);
        AssertBitIdentical(off.Identities, on.Identities);

        // The run did move the points (forces and noise), so equality is not trivial.
        Assert.NotEqual(Bits(UniformSampler.Sample(n, d, 5)), Bits(on.Identities));
    }

    [Fact]
    public void ListsWithConstantsGiveBitIdenticalIdentities()
    {
        // Constants through the kernel (300 x 400 pairs) and through the tiny path (300 x 120).
        foreach (int m in new[] { 400, 120 })
        {
            var c = UniformSampler.Sample(m, 16, 77);
            var o = Options(0.95) with { D0c = 0.9 };
            var request = new IdentityRequest(300, 16, 3, Constants: c) { Threads = 2 };
            var off = new LangevinSampler(o with { NeighbourLists = NeighbourListMode.Off }).Run(request, null, None);
            var on = new LangevinSampler(o).Run(request, null, None);
            Assert.Equal("on", on.Options["neighbour_lists"]); // Auto: constants switch the lists on
            Assert.InRange((int)on.Options["constant_list_builds"]!, 1, o.Iterations - 2);
            Assert.InRange((double)on.Options["constant_list_mean_length"]!, 0.5, m / 8.0);
            AssertBitIdentical(off.Identities, on.Identities);
        }
    }

    [Fact]
    public void StaleListsChangeTheResult()
    {
        // The exactness test can fail: lists never rebuilt (and without a skin) miss pairs that come within d0.
        var o = Options(1.2) with { Iterations = 30 };
        var request = new IdentityRequest(390, 40, 5) { Threads = 2 };
        var off = new LangevinSampler(o with { NeighbourLists = NeighbourListMode.Off }).Run(request, null, None);
        var stale = new LangevinSampler(o with { NeighbourLists = NeighbourListMode.On, Skin = 0, SuppressRebuilds = true }).Run(request, null, None);
        Assert.Equal(1, (int)stale.Options["neighbour_list_builds"]!);
        Assert.NotEqual(Bits(off.Identities), Bits(stale.Identities));

        // Skin 0 with the rebuild rule: any move triggers a rebuild, so every iteration is an all-pairs pass.
        var zero = new LangevinSampler(o with { NeighbourLists = NeighbourListMode.On, Skin = 0 }).Run(request, null, None);
        Assert.Equal(o.Iterations, (int)zero.Options["neighbour_list_builds"]!);
        AssertBitIdentical(off.Identities, zero.Identities);
    }

    [Fact]
    public void ListsAreThreadIndependentAndAutoFollowsTheSpec()
    {
        var o = Options(1.2) with { NeighbourLists = NeighbourListMode.On };
        var a = new LangevinSampler(o).Run(new IdentityRequest(390, 40, 8) { Threads = 1 }, null, None);
        var b = new LangevinSampler(o).Run(new IdentityRequest(390, 40, 8) { Threads = 2 }, null, None);
        AssertBitIdentical(a.Identities, b.Identities);

        var one = new LangevinOptions { Iterations = 1 };
        Assert.Equal("off", new LangevinSampler(one).Run(new IdentityRequest(50, 8, 1), null, None).Options["neighbour_lists"]);
        Assert.Equal("on", new LangevinSampler(one).Run(new IdentityRequest(4097, 4, 1), null, None).Options["neighbour_lists"]);
        Assert.Throws<FaceSynthDataException>(() => new LangevinSampler(one with { Skin = -0.1 }).Run(new IdentityRequest(50, 8, 1), null, None));
    }

    [Theory]
    [InlineData(200, 8, 0.75)]
    [InlineData(900, 12, 0.85)]
    public void ListsHoldExactlyThePairsWithinTheListRadius(int n, int d, double d0)
    {
        const double Skin = 0.1;
        var x = UniformSampler.Sample(n, d, 11);
        var lists = new LangevinNeighbourLists(n, d, 2, null, 1, d0, 1, 0, Skin, false);
        lists.Forces(x, new float[n * d], new double[n], new float[n], new double[n], None);
        var list = lists.IdentityList;
        double radius = d0 + Skin + LangevinNeighbourLists.Margin;
        long expected = 0;
        for (int i = 0; i < n; i++)
        {
            var row = list.Row(i).ToArray();
            Assert.Equal(row.Order().ToArray(), row);
            Assert.DoesNotContain(i, row);
            for (int j = 0; j < n; j++)
            {
                if (j == i)
                {
                    continue;
                }

                // Double-precision angle with the sampler's arccos scale; pairs within 1e-5 rad of the radius may go either way.
                double theta = Math.Acos(Math.Clamp(LangevinSampler.S * SphereMath.DotDouble(x.Row(i), x.Row(j)), -1, 1));
                if (theta < radius - 1e-5)
                {
                    Assert.Contains(j, row);
                    expected++;
                }
                else if (theta > radius + 1e-5)
                {
                    Assert.DoesNotContain(j, row);
                }
            }
        }

        Assert.InRange(list.Total, expected, expected + (n / 10));
        Assert.True(expected > n && expected < (long)n * n / 8, $"{expected} pairs: the case should list a few percent of all pairs");
    }

    // A small adaptive time step (the row with the largest force moves 0.02 θ_min per iteration, noise at most 0.009 rad) so that lists
    // survive a few iterations between rebuilds; larger noise so that rows also drift towards each other.
    private static LangevinOptions Options(double d0) => new() { Iterations = 14, D0 = d0, TimeStep = -0.02, Eta0 = 0.02, DtMax = 0.2 };

    private static int[] Bits(EmbeddingMatrix m) => MemoryMarshal.Cast<float, int>(m.Data.AsSpan()).ToArray();

    private static void AssertBitIdentical(EmbeddingMatrix expected, EmbeddingMatrix actual)
    {
        var e = Bits(expected);
        var a = Bits(actual);
        Assert.Equal(e.Length, a.Length);
        for (int k = 0; k < e.Length; k++)
        {
            if (e[k] != a[k])
            {
                Assert.Fail($"element {k} (row {k / expected.Dim}) differs: {BitConverter.Int32BitsToSingle(e[k]):R} vs {BitConverter.Int32BitsToSingle(a[k]):R}");
            }
        }
    }
}
