using FaceSynth.Embeddings;
using FaceSynth.Similarity;
using static FaceSynth.Tests.Similarity.SimilarityTestData;

namespace FaceSynth.Tests.Similarity;

public class SearchTests
{
    private static bool Allowed(PairFilter filter, int i, int j) => filter switch
    {
        PairFilter.ExcludeSelf => i != j,
        PairFilter.UpperTriangle => j > i,
        _ => true,
    };

    private static List<(double Score, int Q, int G)> AllPairs(EmbeddingMatrix a, EmbeddingMatrix b, PairFilter filter)
    {
        var list = new List<(double Score, int Q, int G)>();
        for (int i = 0; i < a.Rows; i++)
        {
            for (int j = 0; j < b.Rows; j++)
            {
                if (Allowed(filter, i, j))
                {
                    list.Add((Dot(a, i, b, j), i, j));
                }
            }
        }

        list.Sort(Rank);
        return list;
    }

    [Theory]
    [InlineData(PairFilter.All)]
    [InlineData(PairFilter.ExcludeSelf)]
    [InlineData(PairFilter.UpperTriangle)]
    public void TopPairsMatchFullSortWithTies(PairFilter filter)
    {
        var x = Integers(230, 5, 2, 11);
        var expected = AllPairs(x, x, filter).Take(300).Select(p => new ScoredPair(p.Q, p.G, (float)p.Score)).ToArray();
        foreach (int threads in new[] { 1, 2, 3 })
        {
            var got = SimilarityKernel.TopPairs(x, x, 300, new SimilarityOptions { Threads = threads }, filter);
            Assert.Equal(expected, got);
        }
    }

    [Fact]
    public void TopPairsBetweenTwoSetsHonourMinScoreAndShortLists()
    {
        var a = Integers(60, 4, 3, 1);
        var b = Integers(900, 4, 3, 2);
        var all = AllPairs(a, b, PairFilter.All);
        int above = all.Count(p => p.Score >= 20);
        Assert.InRange(above, 1, 4999);
        var got = SimilarityKernel.TopPairs(a, b, 5000, minScore: 20f);
        Assert.Equal(all.Take(above).Select(p => new ScoredPair(p.Q, p.G, (float)p.Score)), got);
    }

    [Theory]
    [InlineData(PairFilter.All)]
    [InlineData(PairFilter.ExcludeSelf)]
    [InlineData(PairFilter.UpperTriangle)]
    public void CountsMatchBruteForce(PairFilter filter)
    {
        var x = Integers(200, 7, 2, 5);
        float[] thresholds = [-3f, 0f, 4f, 4f, 9f, 100f];
        var counts = SimilarityKernel.CountAtLeast(x, x, thresholds, new SimilarityOptions { Threads = 2 }, filter);
        Assert.Equal(x.Rows * thresholds.Length, counts.Length);
        for (int i = 0; i < x.Rows; i++)
        {
            for (int t = 0; t < thresholds.Length; t++)
            {
                int expected = 0;
                for (int j = 0; j < x.Rows; j++)
                {
                    if (Allowed(filter, i, j) && Dot(x, i, x, j) >= thresholds[t])
                    {
                        expected++;
                    }
                }

                Assert.Equal(expected, counts[(i * thresholds.Length) + t]);
            }
        }
    }

    [Fact]
    public void OnePassCollectsEverythingLikeSeparatePasses()
    {
        var s = Uniform(200, 32, 1);
        var r = Uniform(900, 32, 2);
        s.NormalizeRows();
        r.NormalizeRows();
        float[] thresholds = [0.2f, 0.4f, 0.6f];
        var spec = new SimilaritySearchSpec { K = 3, Thresholds = thresholds, TopPairs = 50 };
        var one = SimilarityKernel.Search(s, r, spec, new SimilarityOptions { Threads = 1 });
        var two = SimilarityKernel.Search(s, r, spec, new SimilarityOptions { Threads = 2 });
        Assert.Equal(one.Neighbours!.Indices, two.Neighbours!.Indices);
        Assert.Equal(one.Counts, two.Counts);
        Assert.Equal(one.TopPairs, two.TopPairs);
        Assert.Equal(SimilarityKernel.TopK(s, r, 3).Indices, one.Neighbours.Indices);
        Assert.Equal(SimilarityKernel.TopPairs(s, r, 50), one.TopPairs);

        // Totals against a brute-force double-precision count; a score within 1e-5 of a threshold may fall on
        // either side in float32, so those are the only allowed differences.
        var exact = new double[s.Rows * r.Rows];
        for (int i = 0; i < s.Rows; i++)
        {
            for (int j = 0; j < r.Rows; j++)
            {
                exact[(i * r.Rows) + j] = Dot(s, i, r, j);
            }
        }

        for (int t = 0; t < thresholds.Length; t++)
        {
            double th = thresholds[t];
            long expected = exact.Count(x => x >= th);
            long near = exact.Count(x => Math.Abs(x - th) <= 1e-5);
            Assert.InRange(one.TotalAtLeast(t), expected - near, expected + near);
            Assert.InRange(near, 0, 20);
        }

        // The best pair is each query's best neighbour, re-scored in double.
        var best = one.TopPairs[0];
        Assert.Equal(best.Gallery, one.Neighbours.IndicesOf(best.Query)[0]);
        Assert.Equal(SimilarityKernel.ExactDot(s, best.Query, r, best.Gallery), best.Score, 1e-5);
    }

    [Fact]
    public void FewQueriesSplitOverGalleryColumnsGiveTheSameAnswers()
    {
        // 5 queries fill one row block, so 4 threads split the 5000 gallery rows into column segments.
        var q = Integers(5, 6, 2, 1);
        var g = Integers(5000, 6, 2, 2);
        float[] thresholds = [0f, 5f, 10f];
        var spec = new SimilaritySearchSpec { K = 8, Thresholds = thresholds, TopPairs = 40 };
        var split = SimilarityKernel.Search(q, g, spec, new SimilarityOptions { Threads = 4 });
        var single = SimilarityKernel.Search(q, g, spec, new SimilarityOptions { Threads = 1 });
        Assert.Equal(single.Neighbours!.Indices, split.Neighbours!.Indices);
        Assert.Equal(single.Counts, split.Counts);
        Assert.Equal(single.TopPairs, split.TopPairs);
        Assert.Equal(SimilarityKernel.DotAll(q, g, new SimilarityOptions { Threads = 1 }), SimilarityKernel.DotAll(q, g, new SimilarityOptions { Threads = 4 }));

        var all = AllPairs(q, g, PairFilter.All);
        Assert.Equal(all.Take(40).Select(p => new ScoredPair(p.Q, p.G, (float)p.Score)), split.TopPairs);
        for (int i = 0; i < q.Rows; i++)
        {
            var mine = all.Where(p => p.Q == i).ToList();
            Assert.Equal(mine.Take(8).Select(p => p.G), split.Neighbours.IndicesOf(i).ToArray());
            for (int t = 0; t < thresholds.Length; t++)
            {
                Assert.Equal(mine.Count(p => p.Score >= thresholds[t]), split.CountsOf(i)[t]);
            }
        }
    }

    [Fact]
    public void RejectsUnsortedThresholds()
    {
        var x = Uniform(3, 2, 1);
        Assert.Throws<ArgumentException>(() => SimilarityKernel.CountAtLeast(x, x, [0.5f, 0.1f]));
        Assert.Throws<ArgumentException>(() => SimilarityKernel.CountAtLeast(x, x, [float.NaN]));
    }
}
