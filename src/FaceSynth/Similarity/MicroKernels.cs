using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FaceSynth.Similarity;

/// <summary>Which register-blocked tile the engine runs; chosen once from the CPU's instruction sets.</summary>
internal enum KernelKind
{
    /// <summary>Vector128 tile (4 rows x 8 columns); hardware FMA where the CPU has it (NEON, x86 FMA).</summary>
    Portable,

    /// <summary>AVX2 + FMA tile (6 rows x 16 columns, 12 ymm accumulators).</summary>
    Avx2,

    /// <summary>AVX-512 tile (6 rows x 32 columns, 12 zmm accumulators).</summary>
    Avx512,
}

/// <summary>
/// Register-blocked micro-kernels computing a tile C[r, c] (+)= sum_t A[r, k0 + t] * Bp[t, c]: each step broadcasts
/// one A value per row and multiplies it with vectors of packed B columns (see <see cref="PanelPacking"/>).
/// </summary>
/// <remarks>
/// Every path evaluates each C element as the same chain of fused multiply-adds in increasing t, starting from 0
/// (or from the value stored by the previous k-slice), so all paths, thread counts and block shapes give
/// bit-identical results. Rows beyond <c>rows</c> reuse the last valid A row and are discarded; columns beyond
/// <c>cols</c> are zero padding in the packed panel and are discarded.
/// </remarks>
[SkipLocalsInit]
internal static unsafe class MicroKernels
{
    /// <summary>The best kernel this CPU supports.</summary>
    public static KernelKind Best { get; } =
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? KernelKind.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? KernelKind.Avx2
        : KernelKind.Portable;

    /// <summary>Whether <paramref name="kind"/> can run on this CPU.</summary>
    public static bool IsSupported(KernelKind kind) => kind switch
    {
        KernelKind.Avx512 => Avx512F.IsSupported,
        KernelKind.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => true,
    };

    /// <summary>Rows of A per tile.</summary>
    public static int Mr(KernelKind kind) => kind == KernelKind.Portable ? 4 : 6;

    /// <summary>Columns (packed B rows) per tile.</summary>
    public static int Nr(KernelKind kind) => kind switch
    {
        KernelKind.Avx512 => 32,
        KernelKind.Avx2 => 16,
        _ => 8,
    };

    /// <summary>Runs the tile of <paramref name="kind"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile(KernelKind kind, float* a, nint lda, int rows, float* b, int kc, float* c, nint ldc, int cols, bool accumulate)
    {
        switch (kind)
        {
            case KernelKind.Avx512:
                Tile6x32(a, lda, rows, b, kc, c, ldc, cols, accumulate);
                break;
            case KernelKind.Avx2:
                Tile6x16(a, lda, rows, b, kc, c, ldc, cols, accumulate);
                break;
            default:
                Tile4x8(a, lda, rows, b, kc, c, ldc, cols, accumulate);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x32(float* a, nint lda, int rows, float* b, int kc, float* c, nint ldc, int cols, bool accumulate)
    {
        const int mr = 6, nr = 32;
        float* tile = stackalloc float[mr * nr];
        bool full = rows == mr && cols == nr;
        float* cp = c;
        nint ldp = ldc;
        if (!full)
        {
            cp = tile;
            ldp = nr;
            LoadPartial(c, ldc, rows, cols, tile, nr, mr, accumulate);
        }

        float* a0 = a;
        float* a1 = a + (Math.Min(1, rows - 1) * lda);
        float* a2 = a + (Math.Min(2, rows - 1) * lda);
        float* a3 = a + (Math.Min(3, rows - 1) * lda);
        float* a4 = a + (Math.Min(4, rows - 1) * lda);
        float* a5 = a + (Math.Min(5, rows - 1) * lda);

        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate || !full)
        {
            c00 = Vector512.Load(cp); c01 = Vector512.Load(cp + 16);
            c10 = Vector512.Load(cp + ldp); c11 = Vector512.Load(cp + ldp + 16);
            c20 = Vector512.Load(cp + (2 * ldp)); c21 = Vector512.Load(cp + (2 * ldp) + 16);
            c30 = Vector512.Load(cp + (3 * ldp)); c31 = Vector512.Load(cp + (3 * ldp) + 16);
            c40 = Vector512.Load(cp + (4 * ldp)); c41 = Vector512.Load(cp + (4 * ldp) + 16);
            c50 = Vector512.Load(cp + (5 * ldp)); c51 = Vector512.Load(cp + (5 * ldp) + 16);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector512<float>.Zero;
        }

        for (nint t = 0; t < kc; t++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            b += nr;
            var x = Vector512.Create(a0[t]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[t]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[t]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[t]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[t]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a5[t]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
        }

        c00.Store(cp); c01.Store(cp + 16);
        c10.Store(cp + ldp); c11.Store(cp + ldp + 16);
        c20.Store(cp + (2 * ldp)); c21.Store(cp + (2 * ldp) + 16);
        c30.Store(cp + (3 * ldp)); c31.Store(cp + (3 * ldp) + 16);
        c40.Store(cp + (4 * ldp)); c41.Store(cp + (4 * ldp) + 16);
        c50.Store(cp + (5 * ldp)); c51.Store(cp + (5 * ldp) + 16);
        if (!full)
        {
            StorePartial(tile, nr, c, ldc, rows, cols);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x16(float* a, nint lda, int rows, float* b, int kc, float* c, nint ldc, int cols, bool accumulate)
    {
        const int mr = 6, nr = 16;
        float* tile = stackalloc float[mr * nr];
        bool full = rows == mr && cols == nr;
        float* cp = c;
        nint ldp = ldc;
        if (!full)
        {
            cp = tile;
            ldp = nr;
            LoadPartial(c, ldc, rows, cols, tile, nr, mr, accumulate);
        }

        float* a0 = a;
        float* a1 = a + (Math.Min(1, rows - 1) * lda);
        float* a2 = a + (Math.Min(2, rows - 1) * lda);
        float* a3 = a + (Math.Min(3, rows - 1) * lda);
        float* a4 = a + (Math.Min(4, rows - 1) * lda);
        float* a5 = a + (Math.Min(5, rows - 1) * lda);

        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate || !full)
        {
            c00 = Vector256.Load(cp); c01 = Vector256.Load(cp + 8);
            c10 = Vector256.Load(cp + ldp); c11 = Vector256.Load(cp + ldp + 8);
            c20 = Vector256.Load(cp + (2 * ldp)); c21 = Vector256.Load(cp + (2 * ldp) + 8);
            c30 = Vector256.Load(cp + (3 * ldp)); c31 = Vector256.Load(cp + (3 * ldp) + 8);
            c40 = Vector256.Load(cp + (4 * ldp)); c41 = Vector256.Load(cp + (4 * ldp) + 8);
            c50 = Vector256.Load(cp + (5 * ldp)); c51 = Vector256.Load(cp + (5 * ldp) + 8);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        }

        for (nint t = 0; t < kc; t++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            b += nr;
            var x = Vector256.Create(a0[t]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[t]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[t]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[t]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a4[t]);
            c40 = Fma.MultiplyAdd(x, b0, c40);
            c41 = Fma.MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a5[t]);
            c50 = Fma.MultiplyAdd(x, b0, c50);
            c51 = Fma.MultiplyAdd(x, b1, c51);
        }

        c00.Store(cp); c01.Store(cp + 8);
        c10.Store(cp + ldp); c11.Store(cp + ldp + 8);
        c20.Store(cp + (2 * ldp)); c21.Store(cp + (2 * ldp) + 8);
        c30.Store(cp + (3 * ldp)); c31.Store(cp + (3 * ldp) + 8);
        c40.Store(cp + (4 * ldp)); c41.Store(cp + (4 * ldp) + 8);
        c50.Store(cp + (5 * ldp)); c51.Store(cp + (5 * ldp) + 8);
        if (!full)
        {
            StorePartial(tile, nr, c, ldc, rows, cols);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x8(float* a, nint lda, int rows, float* b, int kc, float* c, nint ldc, int cols, bool accumulate)
    {
        const int mr = 4, nr = 8;
        float* tile = stackalloc float[mr * nr];
        bool full = rows == mr && cols == nr;
        float* cp = c;
        nint ldp = ldc;
        if (!full)
        {
            cp = tile;
            ldp = nr;
            LoadPartial(c, ldc, rows, cols, tile, nr, mr, accumulate);
        }

        float* a0 = a;
        float* a1 = a + (Math.Min(1, rows - 1) * lda);
        float* a2 = a + (Math.Min(2, rows - 1) * lda);
        float* a3 = a + (Math.Min(3, rows - 1) * lda);

        Vector128<float> c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate || !full)
        {
            c00 = Vector128.Load(cp); c01 = Vector128.Load(cp + 4);
            c10 = Vector128.Load(cp + ldp); c11 = Vector128.Load(cp + ldp + 4);
            c20 = Vector128.Load(cp + (2 * ldp)); c21 = Vector128.Load(cp + (2 * ldp) + 4);
            c30 = Vector128.Load(cp + (3 * ldp)); c31 = Vector128.Load(cp + (3 * ldp) + 4);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector128<float>.Zero;
        }

        for (nint t = 0; t < kc; t++)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + 4);
            b += nr;
            var x = Vector128.Create(a0[t]);
            c00 = Vector128.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector128.FusedMultiplyAdd(x, b1, c01);
            x = Vector128.Create(a1[t]);
            c10 = Vector128.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector128.FusedMultiplyAdd(x, b1, c11);
            x = Vector128.Create(a2[t]);
            c20 = Vector128.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector128.FusedMultiplyAdd(x, b1, c21);
            x = Vector128.Create(a3[t]);
            c30 = Vector128.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector128.FusedMultiplyAdd(x, b1, c31);
        }

        c00.Store(cp); c01.Store(cp + 4);
        c10.Store(cp + ldp); c11.Store(cp + ldp + 4);
        c20.Store(cp + (2 * ldp)); c21.Store(cp + (2 * ldp) + 4);
        c30.Store(cp + (3 * ldp)); c31.Store(cp + (3 * ldp) + 4);
        if (!full)
        {
            StorePartial(tile, nr, c, ldc, rows, cols);
        }
    }

    /// <summary>Copies the valid part of a C tile into the scratch tile (zeros elsewhere) so edge tiles can use full vectors.</summary>
    private static void LoadPartial(float* c, nint ldc, int rows, int cols, float* tile, int nr, int mr, bool accumulate)
    {
        new Span<float>(tile, mr * nr).Clear();
        if (!accumulate)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(c + (r * ldc), cols).CopyTo(new Span<float>(tile + (r * nr), cols));
        }
    }

    private static void StorePartial(float* tile, int nr, float* c, nint ldc, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            new ReadOnlySpan<float>(tile + (r * nr), cols).CopyTo(new Span<float>(c + (r * ldc), cols));
        }
    }
}
