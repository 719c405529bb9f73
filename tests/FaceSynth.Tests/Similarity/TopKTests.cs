using FaceSynth.Embeddings;
using FaceSynth.Similarity;
using static FaceSynth.Tests.Similarity.SimilarityTestData;

namespace FaceSynth.Tests.Similarity;

public class TopKTests
{
    /// <summary>Top-k by full sort of exact (double) scores: score descending, then gallery index ascending.</summary>
    private static int[] Expected(EmbeddingMatrix q, EmbeddingMatrix g, int i, int k, bool excludeSelf, double minScore = double.NegativeInfinity) =>
        [.. Enumerable.Range(0, g.Rows)
            .Where(j => !(excludeSelf && j == i))
            .Select(j => (Score: Dot(q, i, g, j), J: j))
            .Where(x => x.Score >= minScore)
            .OrderByDescending(x => x.Score).ThenBy(x => x.J)
            .Take(k).Select(x => x.J)];

    [Theory]
    [InlineData(70, 2500, 16, 5)]
    [InlineData(13, 900, 513, 1)]
    [InlineData(100, 50, 3, 20)]
    public void MatchesFullSortWithManyTies(int nq, int ng, int d, int k)
    {
        // Integer data: exact scores and many equal ones, so the tie rule decides most lists.
        var q = Integers(nq, d, 2, 1);
        var g = Integers(ng, d, 2, 2);
        var top = SimilarityKernel.TopK(q, g, k);
        for (int i = 0; i < nq; i++)
        {
            var expected = Expected(q, g, i, k, false);
            Assert.Equal(expected, top.IndicesOf(i).ToArray());
            Assert.Equal(expected.Select(j => (float)Dot(q, i, g, j)), top.ScoresOf(i).ToArray());
        }
    }

    [Fact]
    public void EqualScoresPreferLowerGalleryIndexAcrossBlocks()
    {
        // Gallery of identical rows: every score ties, so the answer is the k lowest indices.
        var q = Uniform(3, 4, 1);
        var g = new EmbeddingMatrix(2000, 4);
        for (int j = 0; j < g.Rows; j++)
        {
            q.Row(0).CopyTo(g.Row(j));
        }

        var top = SimilarityKernel.TopK(q, g, 7, new SimilarityOptions { Threads = 2 });
        for (int i = 0; i < q.Rows; i++)
        {
            Assert.Equal([0, 1, 2, 3, 4, 5, 6], top.IndicesOf(i).ToArray());
        }
    }

    [Fact]
    public void ExcludeSelfSkipsTheDiagonal()
    {
        var x = Uniform(300, 8, 5);
        x.NormalizeRows();
        var top = SimilarityKernel.TopK(x, x, 4, excludeSelf: true);
        var withSelf = SimilarityKernel.TopK(x, x, 1);
        for (int i = 0; i < x.Rows; i++)
        {
            Assert.Equal(i, withSelf.IndicesOf(i)[0]); // unit rows: the row itself is its best match
            Assert.DoesNotContain(i, top.IndicesOf(i).ToArray());
            Assert.Equal(Expected(x, x, i, 4, true), top.IndicesOf(i).ToArray());
        }
    }

    [Fact]
    public void KLargerThanGalleryPadsWithMinusOne()
    {
        var q = Integers(5, 3, 3, 1);
        var g = Integers(4, 3, 3, 2);
        var top = SimilarityKernel.TopK(q, g, 6, excludeSelf: true);
        for (int i = 0; i < q.Rows; i++)
        {
            var expected = Expected(q, g, i, 6, true);
            Assert.Equal(i < 4 ? 3 : 4, expected.Length);
            Assert.Equal([.. expected, .. Enumerable.Repeat(-1, 6 - expected.Length)], top.IndicesOf(i).ToArray());
            Assert.All(top.ScoresOf(i)[expected.Length..].ToArray(), s => Assert.Equal(float.NegativeInfinity, s));
        }
    }

    [Fact]
    public void MinScoreKeepsOnlyScoresAtOrAboveIt()
    {
        var q = Integers(40, 6, 2, 3);
        var g = Integers(500, 6, 2, 4);
        var top = SimilarityKernel.TopK(q, g, 10, 4f);
        for (int i = 0; i < q.Rows; i++)
        {
            var expected = Expected(q, g, i, 10, false, 4.0);
            Assert.Equal([.. expected, .. Enumerable.Repeat(-1, 10 - expected.Length)], top.IndicesOf(i).ToArray());
        }
    }

    [Fact]
    public void ResultsDoNotDependOnThreadCount()
    {
        var q = Uniform(500, 64, 7);
        var g = Uniform(3000, 64, 8);
        var one = SimilarityKernel.TopK(q, g, 9, new SimilarityOptions { Threads = 1 });
        foreach (int threads in new[] { 2, 4 })
        {
            var many = SimilarityKernel.TopK(q, g, 9, new SimilarityOptions { Threads = threads });
            Assert.Equal(one.Indices, many.Indices);
            Assert.Equal(one.Scores, many.Scores);
        }
    }

    [Fact]
    public void RejectsNonPositiveK()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SimilarityKernel.TopK(Uniform(2, 2, 1), Uniform(2, 2, 2), 0));
    }
}
