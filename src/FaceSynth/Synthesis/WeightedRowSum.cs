using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FaceSynth.Synthesis;

/// <summary>
/// The "weighted accumulation" consumer of SYNTHESIS.md 2.5: <c>out[r, :] += sum_k w[r, k] * y[c0 + k, :]</c> for a
/// block of weights, i.e. a small matrix product W (rc x cc) times Y (cc x d). Register-blocked (4 rows x 64
/// columns with Vector512, 4 x 32 with Vector256) and cache-blocked over k, so a gradient that is itself a matrix
/// product never runs as a naive triple loop. All-zero weight columns of a 4-row tile are skipped (sparse forces).
/// </summary>
internal static class WeightedRowSum
{
    private const int KChunk = 128;

    /// <summary>Accumulates W (rc x cc, row stride cc) times rows c0.. of <paramref name="y"/> into rows of <paramref name="output"/> (row stride d).</summary>
    public static void Accumulate(ReadOnlySpan<float> w, int rc, int cc, ReadOnlySpan<float> y, int c0, int d, Span<float> output)
    {
        if (Vector512.IsHardwareAccelerated && d >= 64)
        {
            Accumulate512(w, rc, cc, y, c0, d, output);
        }
        else if (Vector256.IsHardwareAccelerated && d >= 32)
        {
            Accumulate256(w, rc, cc, y, c0, d, output);
        }
        else
        {
            AccumulateScalar(w, rc, cc, y, c0, d, output, 0, 0);
        }
    }

    private static void AccumulateScalar(ReadOnlySpan<float> w, int rc, int cc, ReadOnlySpan<float> y, int c0, int d, Span<float> output, int rowFrom, int colFrom)
    {
        for (int r = rowFrom; r < rc; r++)
        {
            var wr = w.Slice(r * cc, cc);
            var or = output.Slice((r * d) + colFrom, d - colFrom);
            for (int k = 0; k < cc; k++)
            {
                float wk = wr[k];
                if (wk != 0f)
                {
                    TensorPrimitives.MultiplyAdd(y.Slice(((c0 + k) * d) + colFrom, d - colFrom), wk, or, or);
                }
            }
        }
    }

    private static void Accumulate512(ReadOnlySpan<float> w, int rc, int cc, ReadOnlySpan<float> y, int c0, int d, Span<float> output)
    {
        const int Width = 64;
        int dVec = d / Width * Width;
        int rTiles = rc / 4 * 4;
        ref float wRef = ref Unsafe.AsRef(in w[0]);
        ref float yRef = ref Unsafe.AsRef(in y[0]);
        ref float oRef = ref output[0];
        for (int k0 = 0; k0 < cc; k0 += KChunk)
        {
            int k1 = Math.Min(cc, k0 + KChunk);
            for (int r = 0; r < rTiles; r += 4)
            {
                for (int col = 0; col < dVec; col += Width)
                {
                    nuint o0 = (nuint)((r * d) + col), o1 = o0 + (nuint)d, o2 = o1 + (nuint)d, o3 = o2 + (nuint)d;
                    var a00 = Vector512.LoadUnsafe(ref oRef, o0); var a01 = Vector512.LoadUnsafe(ref oRef, o0 + 16);
                    var a02 = Vector512.LoadUnsafe(ref oRef, o0 + 32); var a03 = Vector512.LoadUnsafe(ref oRef, o0 + 48);
                    var a10 = Vector512.LoadUnsafe(ref oRef, o1); var a11 = Vector512.LoadUnsafe(ref oRef, o1 + 16);
                    var a12 = Vector512.LoadUnsafe(ref oRef, o1 + 32); var a13 = Vector512.LoadUnsafe(ref oRef, o1 + 48);
                    var a20 = Vector512.LoadUnsafe(ref oRef, o2); var a21 = Vector512.LoadUnsafe(ref oRef, o2 + 16);
                    var a22 = Vector512.LoadUnsafe(ref oRef, o2 + 32); var a23 = Vector512.LoadUnsafe(ref oRef, o2 + 48);
                    var a30 = Vector512.LoadUnsafe(ref oRef, o3); var a31 = Vector512.LoadUnsafe(ref oRef, o3 + 16);
                    var a32 = Vector512.LoadUnsafe(ref oRef, o3 + 32); var a33 = Vector512.LoadUnsafe(ref oRef, o3 + 48);
                    for (int k = k0; k < k1; k++)
                    {
                        float w0 = Unsafe.Add(ref wRef, (r * cc) + k);
                        float w1 = Unsafe.Add(ref wRef, ((r + 1) * cc) + k);
                        float w2 = Unsafe.Add(ref wRef, ((r + 2) * cc) + k);
                        float w3 = Unsafe.Add(ref wRef, ((r + 3) * cc) + k);
                        if (w0 == 0f && w1 == 0f && w2 == 0f && w3 == 0f)
                        {
                            continue;
                        }

                        nuint yo = (nuint)(((c0 + k) * d) + col);
                        var y0 = Vector512.LoadUnsafe(ref yRef, yo);
                        var y1 = Vector512.LoadUnsafe(ref yRef, yo + 16);
                        var y2 = Vector512.LoadUnsafe(ref yRef, yo + 32);
                        var y3 = Vector512.LoadUnsafe(ref yRef, yo + 48);
                        var b = Vector512.Create(w0);
                        a00 = Vector512.FusedMultiplyAdd(b, y0, a00); a01 = Vector512.FusedMultiplyAdd(b, y1, a01);
                        a02 = Vector512.FusedMultiplyAdd(b, y2, a02); a03 = Vector512.FusedMultiplyAdd(b, y3, a03);
                        b = Vector512.Create(w1);
                        a10 = Vector512.FusedMultiplyAdd(b, y0, a10); a11 = Vector512.FusedMultiplyAdd(b, y1, a11);
                        a12 = Vector512.FusedMultiplyAdd(b, y2, a12); a13 = Vector512.FusedMultiplyAdd(b, y3, a13);
                        b = Vector512.Create(w2);
                        a20 = Vector512.FusedMultiplyAdd(b, y0, a20); a21 = Vector512.FusedMultiplyAdd(b, y1, a21);
                        a22 = Vector512.FusedMultiplyAdd(b, y2, a22); a23 = Vector512.FusedMultiplyAdd(b, y3, a23);
                        b = Vector512.Create(w3);
                        a30 = Vector512.FusedMultiplyAdd(b, y0, a30); a31 = Vector512.FusedMultiplyAdd(b, y1, a31);
                        a32 = Vector512.FusedMultiplyAdd(b, y2, a32); a33 = Vector512.FusedMultiplyAdd(b, y3, a33);
                    }

                    a00.StoreUnsafe(ref oRef, o0); a01.StoreUnsafe(ref oRef, o0 + 16); a02.StoreUnsafe(ref oRef, o0 + 32); a03.StoreUnsafe(ref oRef, o0 + 48);
                    a10.StoreUnsafe(ref oRef, o1); a11.StoreUnsafe(ref oRef, o1 + 16); a12.StoreUnsafe(ref oRef, o1 + 32); a13.StoreUnsafe(ref oRef, o1 + 48);
                    a20.StoreUnsafe(ref oRef, o2); a21.StoreUnsafe(ref oRef, o2 + 16); a22.StoreUnsafe(ref oRef, o2 + 32); a23.StoreUnsafe(ref oRef, o2 + 48);
                    a30.StoreUnsafe(ref oRef, o3); a31.StoreUnsafe(ref oRef, o3 + 16); a32.StoreUnsafe(ref oRef, o3 + 32); a33.StoreUnsafe(ref oRef, o3 + 48);
                }
            }
        }

        Tails(w, rc, cc, y, c0, d, output, rTiles, dVec);
    }

    private static void Accumulate256(ReadOnlySpan<float> w, int rc, int cc, ReadOnlySpan<float> y, int c0, int d, Span<float> output)
    {
        const int Width = 32;
        int dVec = d / Width * Width;
        int rTiles = rc / 4 * 4;
        ref float wRef = ref Unsafe.AsRef(in w[0]);
        ref float yRef = ref Unsafe.AsRef(in y[0]);
        ref float oRef = ref output[0];
        for (int k0 = 0; k0 < cc; k0 += KChunk)
        {
            int k1 = Math.Min(cc, k0 + KChunk);
            for (int r = 0; r < rTiles; r += 4)
            {
                for (int col = 0; col < dVec; col += Width)
                {
                    nuint o0 = (nuint)((r * d) + col), o1 = o0 + (nuint)d, o2 = o1 + (nuint)d, o3 = o2 + (nuint)d;
                    var a00 = Vector256.LoadUnsafe(ref oRef, o0); var a01 = Vector256.LoadUnsafe(ref oRef, o0 + 8);
                    var a02 = Vector256.LoadUnsafe(ref oRef, o0 + 16); var a03 = Vector256.LoadUnsafe(ref oRef, o0 + 24);
                    var a10 = Vector256.LoadUnsafe(ref oRef, o1); var a11 = Vector256.LoadUnsafe(ref oRef, o1 + 8);
                    var a12 = Vector256.LoadUnsafe(ref oRef, o1 + 16); var a13 = Vector256.LoadUnsafe(ref oRef, o1 + 24);
                    var a20 = Vector256.LoadUnsafe(ref oRef, o2); var a21 = Vector256.LoadUnsafe(ref oRef, o2 + 8);
                    var a22 = Vector256.LoadUnsafe(ref oRef, o2 + 16); var a23 = Vector256.LoadUnsafe(ref oRef, o2 + 24);
                    var a30 = Vector256.LoadUnsafe(ref oRef, o3); var a31 = Vector256.LoadUnsafe(ref oRef, o3 + 8);
                    var a32 = Vector256.LoadUnsafe(ref oRef, o3 + 16); var a33 = Vector256.LoadUnsafe(ref oRef, o3 + 24);
                    for (int k = k0; k < k1; k++)
                    {
                        float w0 = Unsafe.Add(ref wRef, (r * cc) + k);
                        float w1 = Unsafe.Add(ref wRef, ((r + 1) * cc) + k);
                        float w2 = Unsafe.Add(ref wRef, ((r + 2) * cc) + k);
                        float w3 = Unsafe.Add(ref wRef, ((r + 3) * cc) + k);
                        if (w0 == 0f && w1 == 0f && w2 == 0f && w3 == 0f)
                        {
                            continue;
                        }

                        nuint yo = (nuint)(((c0 + k) * d) + col);
                        var y0 = Vector256.LoadUnsafe(ref yRef, yo);
                        var y1 = Vector256.LoadUnsafe(ref yRef, yo + 8);
                        var y2 = Vector256.LoadUnsafe(ref yRef, yo + 16);
                        var y3 = Vector256.LoadUnsafe(ref yRef, yo + 24);
                        var b = Vector256.Create(w0);
                        a00 = Vector256.FusedMultiplyAdd(b, y0, a00); a01 = Vector256.FusedMultiplyAdd(b, y1, a01);
                        a02 = Vector256.FusedMultiplyAdd(b, y2, a02); a03 = Vector256.FusedMultiplyAdd(b, y3, a03);
                        b = Vector256.Create(w1);
                        a10 = Vector256.FusedMultiplyAdd(b, y0, a10); a11 = Vector256.FusedMultiplyAdd(b, y1, a11);
                        a12 = Vector256.FusedMultiplyAdd(b, y2, a12); a13 = Vector256.FusedMultiplyAdd(b, y3, a13);
                        b = Vector256.Create(w2);
                        a20 = Vector256.FusedMultiplyAdd(b, y0, a20); a21 = Vector256.FusedMultiplyAdd(b, y1, a21);
                        a22 = Vector256.FusedMultiplyAdd(b, y2, a22); a23 = Vector256.FusedMultiplyAdd(b, y3, a23);
                        b = Vector256.Create(w3);
                        a30 = Vector256.FusedMultiplyAdd(b, y0, a30); a31 = Vector256.FusedMultiplyAdd(b, y1, a31);
                        a32 = Vector256.FusedMultiplyAdd(b, y2, a32); a33 = Vector256.FusedMultiplyAdd(b, y3, a33);
                    }

                    a00.StoreUnsafe(ref oRef, o0); a01.StoreUnsafe(ref oRef, o0 + 8); a02.StoreUnsafe(ref oRef, o0 + 16); a03.StoreUnsafe(ref oRef, o0 + 24);
                    a10.StoreUnsafe(ref oRef, o1); a11.StoreUnsafe(ref oRef, o1 + 8); a12.StoreUnsafe(ref oRef, o1 + 16); a13.StoreUnsafe(ref oRef, o1 + 24);
                    a20.StoreUnsafe(ref oRef, o2); a21.StoreUnsafe(ref oRef, o2 + 8); a22.StoreUnsafe(ref oRef, o2 + 16); a23.StoreUnsafe(ref oRef, o2 + 24);
                    a30.StoreUnsafe(ref oRef, o3); a31.StoreUnsafe(ref oRef, o3 + 8); a32.StoreUnsafe(ref oRef, o3 + 16); a33.StoreUnsafe(ref oRef, o3 + 24);
                }
            }
        }

        Tails(w, rc, cc, y, c0, d, output, rTiles, dVec);
    }

    /// <summary>Rows below the 4-row tiles (all columns) and columns beyond the vector width (tiled rows).</summary>
    private static void Tails(ReadOnlySpan<float> w, int rc, int cc, ReadOnlySpan<float> y, int c0, int d, Span<float> output, int rTiles, int dVec)
    {
        if (dVec < d)
        {
            for (int r = 0; r < rTiles; r++)
            {
                var wr = w.Slice(r * cc, cc);
                var or = output.Slice((r * d) + dVec, d - dVec);
                for (int k = 0; k < cc; k++)
                {
                    float wk = wr[k];
                    if (wk != 0f)
                    {
                        TensorPrimitives.MultiplyAdd(y.Slice(((c0 + k) * d) + dVec, d - dVec), wk, or, or);
                    }
                }
            }
        }

        AccumulateScalar(w, rc, cc, y, c0, d, output, rTiles, 0);
    }
}
