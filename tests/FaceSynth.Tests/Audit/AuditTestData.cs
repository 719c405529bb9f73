using FaceSynth.Audit;
using FaceSynth.Embeddings;

namespace FaceSynth.Tests.Audit;

/// <summary>Deterministic test embeddings (System.Random with fixed seeds; independent of the code under test).</summary>
internal static class AuditTestData
{
    public static EmbeddingMatrix RandomUnit(int rows, int dim, int seed)
    {
        var rng = new Random(seed);
        var m = new EmbeddingMatrix(rows, dim);
        for (int i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = (float)Gaussian(rng);
        }

        m.NormalizeRows();
        return m;
    }

    public static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Row-wise unit copy of <paramref name="v"/> plus Gaussian noise of <paramref name="sigma"/> per coordinate.</summary>
    public static void Noisy(ReadOnlySpan<float> v, Span<float> output, double sigma, Random rng)
    {
        double norm = 0;
        for (int i = 0; i < v.Length; i++)
        {
            output[i] = (float)(v[i] + (sigma * Gaussian(rng)));
            norm += output[i] * (double)output[i];
        }

        norm = Math.Sqrt(norm);
        for (int i = 0; i < v.Length; i++)
        {
            output[i] = (float)(output[i] / norm);
        }
    }

    /// <summary>A random orthogonal matrix (Gram-Schmidt of Gaussian columns), row-major d x d.</summary>
    public static double[] Orthogonal(int d, int seed)
    {
        var rng = new Random(seed);
        var q = new double[d * d];
        for (int j = 0; j < d; j++)
        {
            var v = new double[d];
            for (int i = 0; i < d; i++)
            {
                v[i] = Gaussian(rng);
            }

            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < d; i++)
                {
                    dot += v[i] * q[(i * d) + k];
                }

                for (int i = 0; i < d; i++)
                {
                    v[i] -= dot * q[(i * d) + k];
                }
            }

            double n = Math.Sqrt(v.Sum(t => t * t));
            for (int i = 0; i < d; i++)
            {
                q[(i * d) + j] = v[i] / n;
            }
        }

        return q;
    }

    /// <summary>X R for row-major X (n x d) and R (d x d).</summary>
    public static EmbeddingMatrix Times(EmbeddingMatrix x, double[] r)
    {
        int d = x.Dim;
        var y = new EmbeddingMatrix(x.Rows, d);
        for (int n = 0; n < x.Rows; n++)
        {
            for (int j = 0; j < d; j++)
            {
                double s = 0;
                for (int i = 0; i < d; i++)
                {
                    s += x[n, i] * r[(i * d) + j];
                }

                y[n, j] = (float)s;
            }
        }

        return y;
    }

    public static AuditSet Set(EmbeddingMatrix m, string[]? subjects = null, string source = "test") => new(m, subjects, source: source);
}
