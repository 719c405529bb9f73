using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceSynth.Synthesis;

/// <summary>
/// Dot products of one row against a list of rows with the very value <see cref="PairwisePass"/> would hand to its
/// block handler for the same pair, so that list-based forces are bit-identical to all-pairs forces.
/// </summary>
/// <remarks>
/// The blocked kernel evaluates every score as one chain of float32 fused multiply-adds in increasing t from 0
/// (Similarity/MicroKernels.cs); here the lanes of a vector are different partner rows (gathered), each running that
/// chain. Tiny passes (<see cref="PairwisePass.IsSmall"/>) use <c>TensorPrimitives.Dot</c>, as the pass does.
/// </remarks>
internal static unsafe class KernelPairDot
{
    /// <summary>result[k] = the score of (x_i, row rows[k] of y) as a pass computes it; <paramref name="small"/> = the pass takes its tiny-problem path.</summary>
    public static void Scores(ReadOnlySpan<float> xi, float[] y, int d, ReadOnlySpan<int> rows, Span<float> result, bool small)
    {
        if (small)
        {
            for (int k = 0; k < rows.Length; k++)
            {
                result[k] = TensorPrimitives.Dot(xi, y.AsSpan(rows[k] * d, d));
            }

            return;
        }

        int n = rows.Length, g = 0;
        fixed (float* px = xi)
        fixed (float* py = y)
        fixed (int* pr = rows)
        fixed (float* pres = result)
        {
            // .NET exposes gathers for AVX2 only; two independent 8-lane chains keep the FMA latency hidden.
            if (Avx2.IsSupported && Fma.IsSupported)
            {
                var stride = Vector256.Create(d);
                for (; g + 16 <= n; g += 16)
                {
                    var idx0 = Vector256.Load(pr + g) * stride;
                    var idx1 = Vector256.Load(pr + g + 8) * stride;
                    var s0 = Vector256<float>.Zero;
                    var s1 = Vector256<float>.Zero;
                    for (int t = 0; t < d; t++)
                    {
                        var xt = Vector256.Create(px[t]);
                        s0 = Fma.MultiplyAdd(xt, Avx2.GatherVector256(py + t, idx0, 4), s0);
                        s1 = Fma.MultiplyAdd(xt, Avx2.GatherVector256(py + t, idx1, 4), s1);
                    }

                    s0.Store(pres + g);
                    s1.Store(pres + g + 8);
                }
            }

            if (Avx2.IsSupported && Fma.IsSupported)
            {
                var stride = Vector256.Create(d);
                for (; g + 8 <= n; g += 8)
                {
                    var idx = Vector256.Load(pr + g) * stride;
                    var s = Vector256<float>.Zero;
                    for (int t = 0; t < d; t++)
                    {
                        var v = Avx2.GatherVector256(py + t, idx, 4);
                        s = Fma.MultiplyAdd(Vector256.Create(px[t]), v, s);
                    }

                    s.Store(pres + g);
                }
            }

            for (; g < n; g++)
            {
                float* pj = py + ((nint)pr[g] * d);
                float s = 0f;
                for (int t = 0; t < d; t++)
                {
                    s = MathF.FusedMultiplyAdd(px[t], pj[t], s);
                }

                pres[g] = s;
            }
        }
    }
}
