using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace FaceSynth.Similarity;

/// <summary>
/// Packs a block of B rows (the columns of C = A B^T) so that the micro-kernel reads one contiguous vector of
/// <c>nr</c> columns per step of the inner dimension: layout [k-slice][strip of nr rows][t][nr], zero padded to a
/// multiple of <c>nr</c> rows.
/// </summary>
internal static unsafe class PanelPacking
{
    /// <summary>Floats needed to pack <paramref name="cols"/> B rows of dimension <paramref name="d"/>.</summary>
    public static long PackedLength(int cols, int d, int nr) => (long)RoundUp(cols, nr) * d;

    /// <summary>Offset of k-slice <paramref name="k0"/> and strip <paramref name="strip"/> (slice width <paramref name="kc"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint Offset(int k0, int kc, int strip, int colsPadded, int nr) => ((nint)k0 * colsPadded) + ((nint)strip * kc * nr);

    /// <summary>Packs rows <paramref name="c0"/>.. +<paramref name="cc"/> of B (row-major, dimension d) into <paramref name="dst"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pack(float* b, int d, int c0, int cc, int nr, int kcMax, float* dst)
    {
        int padded = RoundUp(cc, nr);
        int strips = padded / nr;
        for (int k0 = 0; k0 < d; k0 += kcMax)
        {
            int kc = Math.Min(kcMax, d - k0);
            for (int s = 0; s < strips; s++)
            {
                float* panel = dst + Offset(k0, kc, s, padded, nr);
                int valid = Math.Min(nr, cc - (s * nr));
                float* src0 = b + ((nint)(c0 + (s * nr)) * d) + k0;
                int r = 0;
                if (Avx.IsSupported)
                {
                    for (; r + 8 <= valid; r += 8)
                    {
                        PackRows8(src0 + ((nint)r * d), d, kc, panel + r, nr);
                    }
                }

                for (; r < valid; r++)
                {
                    PackRow(src0 + ((nint)r * d), kc, panel + r, nr);
                }

                for (r = valid; r < nr; r++)
                {
                    float* p = panel + r;
                    for (int t = 0; t < kc; t++)
                    {
                        p[(nint)t * nr] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>One B row into column <c>p[0]</c> of the panel (stride <paramref name="nr"/>).</summary>
    private static void PackRow(float* src, int kc, float* p, int nr)
    {
        int t = 0;
        for (; t + 4 <= kc; t += 4)
        {
            p[0] = src[t];
            p[nr] = src[t + 1];
            p[2 * nr] = src[t + 2];
            p[3 * nr] = src[t + 3];
            p += 4 * nr;
        }

        for (; t < kc; t++)
        {
            *p = src[t];
            p += nr;
        }
    }

    /// <summary>Eight B rows at once: 8 x 8 register transposes, one 8-float store per panel row.</summary>
    private static void PackRows8(float* src, int d, int kc, float* p, int nr)
    {
        nint ld = d;
        int t = 0;
        for (; t + 8 <= kc; t += 8)
        {
            var r0 = Avx.LoadVector256(src + t);
            var r1 = Avx.LoadVector256(src + ld + t);
            var r2 = Avx.LoadVector256(src + (2 * ld) + t);
            var r3 = Avx.LoadVector256(src + (3 * ld) + t);
            var r4 = Avx.LoadVector256(src + (4 * ld) + t);
            var r5 = Avx.LoadVector256(src + (5 * ld) + t);
            var r6 = Avx.LoadVector256(src + (6 * ld) + t);
            var r7 = Avx.LoadVector256(src + (7 * ld) + t);

            var t0 = Avx.UnpackLow(r0, r1);
            var t1 = Avx.UnpackHigh(r0, r1);
            var t2 = Avx.UnpackLow(r2, r3);
            var t3 = Avx.UnpackHigh(r2, r3);
            var t4 = Avx.UnpackLow(r4, r5);
            var t5 = Avx.UnpackHigh(r4, r5);
            var t6 = Avx.UnpackLow(r6, r7);
            var t7 = Avx.UnpackHigh(r6, r7);

            var u0 = Avx.Shuffle(t0, t2, 0x44);
            var u1 = Avx.Shuffle(t0, t2, 0xEE);
            var u2 = Avx.Shuffle(t1, t3, 0x44);
            var u3 = Avx.Shuffle(t1, t3, 0xEE);
            var u4 = Avx.Shuffle(t4, t6, 0x44);
            var u5 = Avx.Shuffle(t4, t6, 0xEE);
            var u6 = Avx.Shuffle(t5, t7, 0x44);
            var u7 = Avx.Shuffle(t5, t7, 0xEE);

            float* q = p + ((nint)t * nr);
            Avx.Store(q, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(q + nr, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(q + (2 * nr), Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(q + (3 * nr), Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(q + (4 * nr), Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(q + (5 * nr), Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(q + (6 * nr), Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(q + (7 * nr), Avx.Permute2x128(u3, u7, 0x31));
        }

        for (int r = 0; r < 8; r++)
        {
            float* row = src + (r * ld);
            for (int tt = t; tt < kc; tt++)
            {
                p[((nint)tt * nr) + r] = row[tt];
            }
        }
    }

    /// <summary>Rounds <paramref name="x"/> up to a multiple of <paramref name="m"/>.</summary>
    public static int RoundUp(int x, int m) => (x + m - 1) / m * m;
}
