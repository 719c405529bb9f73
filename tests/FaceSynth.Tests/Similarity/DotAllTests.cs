using FaceSynth.Embeddings;
using FaceSynth.Similarity;
using static FaceSynth.Tests.Similarity.SimilarityTestData;

namespace FaceSynth.Tests.Similarity;

public class DotAllTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 },
        { 7, 13, 3 },
        { 5, 33, 512 },
        { 13, 47, 513 },
        { 97, 770, 17 }, // crosses row-block (96) and column-block (768) edges
        { 193, 35, 1 },
        { 6, 32, 256 },
        { 3, 5, 257 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MatchesDoublePrecisionReferenceOnOddShapes(int n, int m, int d)
    {
        var a = Uniform(n, d, 10 + n);
        var b = Uniform(m, d, 20 + m);
        var c = SimilarityKernel.DotAll(a, b);
        Assert.Equal(n * m, c.Length);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                // Recursive summation bound: |error| <= d u sum |a_t b_t| (u = 2^-24), with margin.
                double tol = (2.0 * d * Math.Pow(2, -24) * AbsDot(a, i, b, j)) + 1e-30;
                Assert.True(Math.Abs(Dot(a, i, b, j) - c[(i * m) + j]) <= tol, $"({i}, {j}) of {n}x{m}x{d}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void IsExactOnIntegerData(int n, int m, int d)
    {
        var a = Integers(n, d, 3, n);
        var b = Integers(m, d, 3, m + 1);
        var c = SimilarityKernel.DotAll(a, b);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < m; j++)
            {
                Assert.Equal(Dot(a, i, b, j), (double)c[(i * m) + j]);
            }
        }
    }

    [Fact]
    public void EveryKernelPathAndThreadCountGivesIdenticalBits()
    {
        var a = Uniform(150, 300, 1);
        var b = Uniform(800, 300, 2);
        var reference = SimilarityKernel.DotAll(a, b, new SimilarityOptions { Threads = 1 });
        int paths = 0;
        foreach (var kind in Enum.GetValues<KernelKind>())
        {
            if (!MicroKernels.IsSupported(kind))
            {
                continue;
            }

            paths++;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                var c = SimilarityKernel.DotAll(a, b, new SimilarityOptions { Threads = threads, Kernel = kind });
                Assert.Equal(reference, c);
            }
        }

        Assert.True(paths >= 1);
    }

    [Fact]
    public void EmptyMatricesGiveEmptyResults()
    {
        Assert.Empty(SimilarityKernel.DotAll(new EmbeddingMatrix(0, 4), Uniform(5, 4, 1)));
        Assert.Empty(SimilarityKernel.DotAll(Uniform(5, 4, 1), new EmbeddingMatrix(0, 4)));
        var top = SimilarityKernel.TopK(Uniform(2, 4, 1), new EmbeddingMatrix(0, 4), 3);
        Assert.All(top.Indices, i => Assert.Equal(-1, i));
        Assert.All(top.Scores, s => Assert.Equal(float.NegativeInfinity, s));
    }

    [Fact]
    public void DimensionMismatchAndShortOutputAreRejected()
    {
        Assert.Throws<ArgumentException>(() => SimilarityKernel.DotAll(Uniform(2, 4, 1), Uniform(2, 5, 1)));
        Assert.Throws<ArgumentException>(() => SimilarityKernel.DotAll(Uniform(2, 4, 1), Uniform(3, 4, 1), new float[5]));
    }

    [Fact]
    public void CosineAllNormalisesCopiesOnly()
    {
        var a = Uniform(9, 7, 3);
        var b = Uniform(11, 7, 4);
        var before = (float[])a.Data.Clone();
        var c = SimilarityKernel.CosineAll(a, b);
        Assert.Equal(before, a.Data);
        for (int i = 0; i < a.Rows; i++)
        {
            for (int j = 0; j < b.Rows; j++)
            {
                double cos = Dot(a, i, b, j) / Math.Sqrt(Dot(a, i, a, i) * Dot(b, j, b, j));
                Assert.Equal(cos, c[(i * b.Rows) + j], 1e-5);
            }
        }
    }

    [Fact]
    public void ExactDotIsDoublePrecision()
    {
        var a = new EmbeddingMatrix([1f, 1e-8f], 1, 2);
        var b = new EmbeddingMatrix([1f, 1f], 1, 2);
        Assert.Equal(1.0 + (double)1e-8f, SimilarityKernel.ExactDot(a, 0, b, 0));
    }
}
