using System.Numerics.Tensors;
using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>
/// Per-row reductions of one pass over X Y^T (SYNTHESIS.md 2.5): row max and argmax (ties: smallest column) and,
/// when a temperature is given, the online soft-max normaliser <c>Z_i = sum_j exp((G_ij - m_i) / tau)</c>.
/// With <c>self</c> the diagonal (j == i) is excluded.
/// </summary>
internal sealed class RowStatistics
{
    private readonly ThreadLocal<float[]> _tmp = new(() => new float[1024]);

    public RowStatistics(int rows)
    {
        Max = new float[rows];
        ArgMax = new int[rows];
        Z = new double[rows];
    }

    public float[] Max { get; }

    public int[] ArgMax { get; }

    public double[] Z { get; }

    /// <summary>Runs the pass; <paramref name="tau"/> &lt;= 0 skips the normaliser.</summary>
    public void Compute(PairwisePass pass, EmbeddingMatrix x, EmbeddingMatrix y, bool self, double tau, CancellationToken ct, bool reuse = false)
    {
        Array.Fill(Max, float.NegativeInfinity);
        Array.Fill(ArgMax, -1);
        Array.Clear(Z);
        float invTau = tau > 0 ? (float)(1.0 / tau) : 0f;
        pass.Run(x, y, (r0, rc, c0, cc, sims, _) =>
        {
            var tmp = _tmp.Value!;
            if (tmp.Length < cc)
            {
                tmp = new float[cc];
                _tmp.Value = tmp;
            }

            var t = tmp.AsSpan(0, cc);
            for (int r = 0; r < rc; r++)
            {
                int i = r0 + r;
                sims.Slice(r * cc, cc).CopyTo(t);
                int selfCol = i - c0;
                if (self && selfCol >= 0 && selfCol < cc)
                {
                    t[selfCol] = float.NegativeInfinity;
                }

                int arg = TensorPrimitives.IndexOfMax(t);
                float bm = t[arg];
                if (float.IsNegativeInfinity(bm))
                {
                    continue;
                }

                if (bm > Max[i])
                {
                    if (tau > 0 && ArgMax[i] >= 0)
                    {
                        Z[i] *= Math.Exp((Max[i] - bm) * (double)invTau);
                    }

                    Max[i] = bm;
                    ArgMax[i] = c0 + arg;
                }

                if (tau > 0)
                {
                    TensorPrimitives.Subtract(t, Max[i], t);
                    TensorPrimitives.Multiply(t, invTau, t);
                    TensorPrimitives.Exp(t, t);
                    Z[i] += TensorPrimitives.Sum(t);
                }
            }

            return false;
        }, null, ct, reuse);
    }
}
