using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Tests.Similarity;

public class SimilarityKernelTests
{
    private static EmbeddingMatrix Random(int rows, int dim, int seed)
    {
        var rng = new Random(seed);
        var m = new EmbeddingMatrix(rows, dim);
        for (int i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return m;
    }

    [Fact]
    public void DotAllMatchesDoublePrecisionLoop()
    {
        var a = Random(130, 37, 1);
        var b = Random(1100, 37, 2);
        var c = SimilarityKernel.DotAll(a, b);
        for (int i = 0; i < a.Rows; i++)
        {
            for (int j = 0; j < b.Rows; j++)
            {
                double s = 0;
                for (int t = 0; t < a.Dim; t++)
                {
                    s += (double)a[i, t] * b[j, t];
                }

                Assert.Equal(s, c[(i * b.Rows) + j], 1e-4);
            }
        }
    }

    [Fact]
    public void TopKMatchesFullSort()
    {
        var q = Random(70, 16, 3);
        var g = Random(2500, 16, 4);
        var full = SimilarityKernel.DotAll(q, g);
        var top = SimilarityKernel.TopK(q, g, 5);
        for (int i = 0; i < q.Rows; i++)
        {
            var expected = Enumerable.Range(0, g.Rows).OrderByDescending(j => full[(i * g.Rows) + j]).ThenBy(j => j).Take(5).ToArray();
            Assert.Equal(expected, top.IndicesOf(i).ToArray());
        }
    }
}
