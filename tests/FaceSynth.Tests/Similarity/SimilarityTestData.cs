using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Similarity;

/// <summary>Test matrices and an independent double-precision reference for the similarity kernel.</summary>
internal static class SimilarityTestData
{
    /// <summary>Uniform values in [-1, 1).</summary>
    public static EmbeddingMatrix Uniform(int rows, int dim, int seed)
    {
        var rng = new Random(seed);
        var m = new EmbeddingMatrix(rows, dim);
        for (int i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return m;
    }

    /// <summary>
    /// Small integers in [-range, range]: every product and partial sum is an exact float, so the kernel must
    /// reproduce the reference exactly, and equal scores (ties) are common.
    /// </summary>
    public static EmbeddingMatrix Integers(int rows, int dim, int range, int seed)
    {
        var rng = new Random(seed);
        var m = new EmbeddingMatrix(rows, dim);
        for (int i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = rng.Next(-range, range + 1);
        }

        return m;
    }

    /// <summary>Plain double-precision dot product, written independently of the kernel.</summary>
    public static double Dot(EmbeddingMatrix a, int i, EmbeddingMatrix b, int j)
    {
        double s = 0;
        for (int t = 0; t < a.Dim; t++)
        {
            s += (double)a[i, t] * b[j, t];
        }

        return s;
    }

    /// <summary>Sum of |a_t b_t|: scales the float32 rounding-error bound of one dot product.</summary>
    public static double AbsDot(EmbeddingMatrix a, int i, EmbeddingMatrix b, int j)
    {
        double s = 0;
        for (int t = 0; t < a.Dim; t++)
        {
            s += Math.Abs((double)a[i, t] * b[j, t]);
        }

        return s;
    }

    /// <summary>The reference ranking of pairs: score descending, then query, then gallery index ascending.</summary>
    public static int Rank((double Score, int Q, int G) x, (double Score, int Q, int G) y)
    {
        int c = y.Score.CompareTo(x.Score);
        if (c != 0)
        {
            return c;
        }

        c = x.Q.CompareTo(y.Q);
        return c != 0 ? c : x.G.CompareTo(y.G);
    }
}
