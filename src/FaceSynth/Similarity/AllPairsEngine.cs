using System.Runtime.CompilerServices;
using FaceSynth.Embeddings;

namespace FaceSynth.Similarity;

/// <summary>Receives one finished C block (row stride <paramref name="cc"/>) on the worker that computed it.</summary>
internal delegate void BlockAction<TLocal>(TLocal local, int r0, int rc, int c0, int cc, ReadOnlySpan<float> block);

/// <summary>
/// Blocked all-pairs product C = A B^T (GotoBLAS-style): B is packed per column block of <see cref="Nc"/> rows into
/// k-slices of <see cref="Kc"/>, A rows are read in place by the micro-kernel's broadcasts, and workers take chunks
/// of consecutive row blocks of <see cref="Mc"/> rows so that each packed B block serves a whole chunk.
/// </summary>
/// <remarks>
/// Inside a chunk the column blocks are visited in increasing order, so the blocks of one row range arrive on one
/// thread in increasing column order. Block boundaries (multiples of <see cref="Mc"/> rows from the range start and
/// of <see cref="Nc"/> columns) and every value do not depend on the thread count.
/// </remarks>
internal static unsafe class AllPairsEngine
{
    /// <summary>Rows of A per C block (a multiple of every tile height).</summary>
    public const int Mc = 96;

    /// <summary>Rows of B per C block (a multiple of every tile width).</summary>
    public const int Nc = 768;

    /// <summary>Inner-dimension slice, sized so that one packed strip (Kc x 32 floats) stays in L1.</summary>
    public const int Kc = 256;

    /// <summary>Most row blocks a worker takes at once (larger chunks amortise packing, smaller balance load).</summary>
    private const int MaxBlocksPerChunk = 8;

    /// <summary>
    /// How a pass is split into work items: chunks of consecutive row blocks times column segments (whole multiples
    /// of <see cref="Nc"/>). Columns are split only when allowed and there are fewer row chunks than threads.
    /// </summary>
    public static WorkPlan Plan(int rowCount, int cols, SimilarityOptions options, bool splitColumns)
    {
        int threads = Math.Max(1, options.EffectiveThreads);
        int rowBlocks = Math.Max(1, (rowCount + Mc - 1) / Mc);

        // A multiple of the thread count of near-equal chunks (sizes differ by at most one block), each of at most
        // MaxBlocksPerChunk blocks, so that the workers finish together.
        int chunks = Math.Min(rowBlocks, threads * ((rowBlocks + (threads * MaxBlocksPerChunk) - 1) / (threads * MaxBlocksPerChunk)));
        int colBlocks = Math.Max(1, (cols + Nc - 1) / Nc);
        int segments = 1;
        if (splitColumns && chunks < threads)
        {
            segments = Math.Min(colBlocks, ((2 * threads) + chunks - 1) / chunks);
        }

        int segmentCols = (colBlocks + segments - 1) / segments * Nc;
        segments = Math.Max(1, (cols + segmentCols - 1) / segmentCols);
        return new WorkPlan(rowBlocks / chunks, rowBlocks % chunks, chunks, segmentCols, segments, threads);
    }

    /// <summary>
    /// Runs C = A[rowStart..+rowCount] B^T block by block following <paramref name="plan"/> (from <see cref="Plan"/>
    /// with the same sizes and options). With <paramref name="direct"/> (row stride b.Rows, indexed from row 0 of A)
    /// the blocks are written straight into it and <paramref name="consume"/> may be null.
    /// </summary>
    public static void Run<TLocal>(
        EmbeddingMatrix a,
        int rowStart,
        int rowCount,
        EmbeddingMatrix b,
        SimilarityOptions options,
        WorkPlan plan,
        Func<TLocal> init,
        BlockAction<TLocal>? consume,
        Action<TLocal>? finish,
        float[]? direct = null)
    {
        if (rowCount == 0 || b.Rows == 0)
        {
            return;
        }

        var kind = options.Kernel ?? MicroKernels.Best;
        if (!MicroKernels.IsSupported(kind))
        {
            throw new PlatformNotSupportedException($"kernel {kind} needs instructions this CPU lacks");
        }

        int items = plan.Chunks * plan.Segments;
        long done = 0;

        void RunItem(int item, TLocal local)
        {
            int ci = item / plan.Segments;
            int c0 = item % plan.Segments * plan.SegmentCols;
            int cols = Math.Min(plan.SegmentCols, b.Rows - c0);
            int r0 = rowStart + (plan.FirstBlock(ci) * Mc);
            int rows = Math.Min(plan.BlocksIn(ci) * Mc, rowStart + rowCount - r0);
            ComputeChunk(kind, a, r0, rows, b, c0, cols, options, local, consume, direct);
            if (options.Progress is { } progress)
            {
                // Row equivalents: exact row counts when columns are not split.
                long cells = Interlocked.Add(ref done, (long)rows * cols);
                progress.Report(cells / b.Rows);
            }
        }

        if (items == 1 || plan.Threads == 1)
        {
            var local = init();
            for (int item = 0; item < items; item++)
            {
                RunItem(item, local);
            }

            finish?.Invoke(local);
            return;
        }

        var po = new ParallelOptions { MaxDegreeOfParallelism = plan.Threads, CancellationToken = options.Cancellation };
        Parallel.For(0, items, po, init, (item, _, local) =>
        {
            RunItem(item, local);
            return local;
        }, local => finish?.Invoke(local));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeChunk<TLocal>(
        KernelKind kind, EmbeddingMatrix a, int r0, int rows, EmbeddingMatrix b, int colStart, int colCount,
        SimilarityOptions options, TLocal local, BlockAction<TLocal>? consume, float[]? direct)
    {
        int d = a.Dim;
        int nr = MicroKernels.Nr(kind);
        int m = b.Rows;
        int widest = Math.Min(Nc, colCount);
        var ws = KernelWorkspace.Rent(PanelPacking.PackedLength(widest, d, nr), direct is null ? (long)Mc * widest : 0);
        try
        {
            fixed (float* pa = a.Data)
            fixed (float* pb = b.Data)
            fixed (float* pout = direct)
            fixed (float* packed = ws.Packed)
            fixed (float* blk = ws.Block)
            {
                for (int c0 = colStart; c0 < colStart + colCount; c0 += Nc)
                {
                    options.Cancellation.ThrowIfCancellationRequested();
                    int cc = Math.Min(Nc, colStart + colCount - c0);
                    PanelPacking.Pack(pb, d, c0, cc, nr, Kc, packed);
                    for (int rb = r0; rb < r0 + rows; rb += Mc)
                    {
                        options.Cancellation.ThrowIfCancellationRequested();
                        int rc = Math.Min(Mc, r0 + rows - rb);
                        float* pa0 = pa + ((nint)rb * d);
                        if (pout is not null)
                        {
                            ComputeBlock(kind, pa0, rc, d, packed, cc, pout + ((nint)rb * m) + c0, m);
                        }
                        else
                        {
                            ComputeBlock(kind, pa0, rc, d, packed, cc, blk, cc);
                            consume!(local, rb, rc, c0, cc, ws.Block.AsSpan(0, rc * cc));
                        }
                    }
                }
            }
        }
        finally
        {
            ws.Return();
        }
    }

    /// <summary>One C block of <paramref name="rc"/> x <paramref name="cc"/> from A rows at <paramref name="a"/> and a packed B block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeBlock(KernelKind kind, float* a, int rc, int d, float* packed, int cc, float* c, nint ldc)
    {
        int mr = MicroKernels.Mr(kind);
        int nr = MicroKernels.Nr(kind);
        int padded = PanelPacking.RoundUp(cc, nr);
        int strips = padded / nr;
        for (int k0 = 0; k0 < d; k0 += Kc)
        {
            int kc = Math.Min(Kc, d - k0);
            bool accumulate = k0 > 0;
            for (int s = 0; s < strips; s++)
            {
                float* panel = packed + PanelPacking.Offset(k0, kc, s, padded, nr);
                int cols = Math.Min(nr, cc - (s * nr));
                for (int g = 0; g < rc; g += mr)
                {
                    MicroKernels.Tile(kind, a + ((nint)g * d) + k0, d, Math.Min(mr, rc - g), panel, kc, c + ((nint)g * ldc) + (s * nr), ldc, cols, accumulate);
                }
            }
        }
    }
}

/// <summary>
/// Work split of one pass (see <see cref="AllPairsEngine.Plan"/>): <see cref="Chunks"/> chunks of row blocks (the
/// first <see cref="ExtraBlocks"/> have <see cref="BaseBlocks"/> + 1 blocks, the others <see cref="BaseBlocks"/>)
/// times <see cref="Segments"/> column segments of <see cref="SegmentCols"/> columns.
/// </summary>
internal readonly record struct WorkPlan(int BaseBlocks, int ExtraBlocks, int Chunks, int SegmentCols, int Segments, int Threads)
{
    /// <summary>Index of the first row block of chunk <paramref name="ci"/>.</summary>
    public int FirstBlock(int ci) => (ci * BaseBlocks) + Math.Min(ci, ExtraBlocks);

    /// <summary>Row blocks in chunk <paramref name="ci"/>.</summary>
    public int BlocksIn(int ci) => BaseBlocks + (ci < ExtraBlocks ? 1 : 0);
}
