using FaceSynth.Embeddings;

namespace FaceSynth.Similarity;

/// <summary>
/// Receives one block of the similarity matrix: <paramref name="block"/> holds
/// rows <paramref name="rowStart"/> .. +rowCount of A against columns <paramref name="colStart"/> .. +colCount of B,
/// row-major with row stride <paramref name="colCount"/>. Called concurrently from worker threads, never twice at
/// once for the same row range; the blocks of one row range arrive on one thread in increasing column order.
/// The span is only valid during the call.
/// </summary>
public delegate void SimilarityBlockHandler(int rowStart, int rowCount, int colStart, int colCount, ReadOnlySpan<float> block);

/// <summary>
/// The one similarity kernel of FaceSynth: all-pairs dot products between two embedding
/// matrices, computed block by block, and exact top-k search fused with the blocks.
/// Cosine similarity is the dot product of L2-normalised rows (normalise first, or use <see cref="CosineAll"/>).
/// </summary>
/// <remarks>
/// The product is a register-blocked, cache-blocked SIMD GEMM (AVX-512, AVX2+FMA or a portable Vector128 path).
/// Every score is the same chain of float32 fused multiply-adds on every path and for every thread count, so
/// results are bit-identical between runs, machines with the same path, and thread counts.
/// </remarks>
public static class SimilarityKernel
{
    /// <summary>Rows of A per block handed to a <see cref="SimilarityBlockHandler"/>.</summary>
    public const int RowBlock = AllPairsEngine.Mc;

    /// <summary>Rows of B (columns of the block) per block handed to a <see cref="SimilarityBlockHandler"/>.</summary>
    public const int ColBlock = AllPairsEngine.Nc;

    /// <summary>The micro-kernel this CPU runs: "AVX-512", "AVX2+FMA" or "Vector128" (for reports and benchmarks).</summary>
    public static string InstructionSet => MicroKernels.Best switch
    {
        KernelKind.Avx512 => "AVX-512",
        KernelKind.Avx2 => "AVX2+FMA",
        _ => "Vector128",
    };

    /// <summary>All dot products: <paramref name="output"/>[i * b.Rows + j] = a_i . b_j.</summary>
    public static void DotAll(EmbeddingMatrix a, EmbeddingMatrix b, float[] output, SimilarityOptions? options = null)
    {
        CheckPair(a, b);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Length < (long)a.Rows * b.Rows)
        {
            throw new ArgumentException($"output holds {output.Length} values, needs {(long)a.Rows * b.Rows}", nameof(output));
        }

        options ??= SimilarityOptions.Default;
        var plan = AllPairsEngine.Plan(a.Rows, b.Rows, options, splitColumns: true);
        AllPairsEngine.Run<object?>(a, 0, a.Rows, b, options, plan, static () => null, null, null, output);
    }

    /// <summary>All dot products as a new a.Rows x b.Rows matrix (only for sizes that fit in memory).</summary>
    public static float[] DotAll(EmbeddingMatrix a, EmbeddingMatrix b, SimilarityOptions? options = null)
    {
        CheckPair(a, b);
        long n = (long)a.Rows * b.Rows;
        if (n > Array.MaxLength)
        {
            throw new ArgumentException($"{a.Rows} x {b.Rows} scores do not fit in one array; use ForEachBlock or TopK");
        }

        var output = GC.AllocateUninitializedArray<float>((int)n);
        DotAll(a, b, output, options);
        return output;
    }

    /// <summary>
    /// Cosine similarities of all row pairs: like <see cref="DotAll(EmbeddingMatrix, EmbeddingMatrix, SimilarityOptions?)"/>
    /// on L2-normalised copies (the inputs are not modified; zero rows stay zero and score 0).
    /// </summary>
    public static float[] CosineAll(EmbeddingMatrix a, EmbeddingMatrix b, SimilarityOptions? options = null)
    {
        CheckPair(a, b);
        var na = NormalizedCopy(a);
        var nb = ReferenceEquals(a, b) ? na : NormalizedCopy(b);
        return DotAll(na, nb, options);
    }

    /// <summary>A copy of <paramref name="m"/> with every row scaled to unit L2 norm (zero rows stay zero).</summary>
    public static EmbeddingMatrix NormalizedCopy(EmbeddingMatrix m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var copy = m.Clone();
        copy.NormalizeRows();
        return copy;
    }

    /// <summary>The dot product of a_i and b_j in double precision, to re-score pairs a search returned.</summary>
    public static double ExactDot(EmbeddingMatrix a, int i, EmbeddingMatrix b, int j)
    {
        CheckPair(a, b);
        var x = a.Row(i);
        var y = b.Row(j);
        double s = 0;
        for (int t = 0; t < x.Length; t++)
        {
            s += (double)x[t] * y[t];
        }

        return s;
    }

    /// <summary>
    /// Streams the similarity matrix A x B^T to <paramref name="handler"/> block by block (at most
    /// <see cref="RowBlock"/> x <see cref="ColBlock"/>), in parallel over row blocks of A. Memory is bounded by the
    /// block size, never by a.Rows x b.Rows.
    /// </summary>
    public static void ForEachBlock(EmbeddingMatrix a, EmbeddingMatrix b, SimilarityBlockHandler handler, SimilarityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ForEachBlock(a, 0, a.Rows, b, handler, options);
    }

    /// <summary>
    /// Like <see cref="ForEachBlock(EmbeddingMatrix, EmbeddingMatrix, SimilarityBlockHandler, SimilarityOptions?)"/>
    /// for rows <paramref name="rowStart"/> .. +<paramref name="rowCount"/> of A only; the handler receives absolute
    /// row indices and progress counts rows of the range.
    /// </summary>
    public static void ForEachBlock(EmbeddingMatrix a, int rowStart, int rowCount, EmbeddingMatrix b, SimilarityBlockHandler handler, SimilarityOptions? options = null)
    {
        CheckPair(a, b);
        ArgumentNullException.ThrowIfNull(handler);
        CheckRange(a, rowStart, rowCount);
        options ??= SimilarityOptions.Default;
        var plan = AllPairsEngine.Plan(rowCount, b.Rows, options, splitColumns: false);
        AllPairsEngine.Run<object?>(
            a, rowStart, rowCount, b, options, plan,
            static () => null,
            (_, r0, rc, c0, cc, block) => handler(r0, rc, c0, cc, block),
            null);
    }

    /// <summary>
    /// Exact top-<paramref name="k"/> gallery rows by dot product for each query row, fused with the
    /// block computation. With <paramref name="excludeSelf"/> (queries and gallery are the same set)
    /// the pair (i, i) is skipped.
    /// </summary>
    public static TopKResult TopK(EmbeddingMatrix queries, EmbeddingMatrix gallery, int k, SimilarityOptions? options = null, bool excludeSelf = false) =>
        TopK(queries, gallery, k, float.NegativeInfinity, options, excludeSelf);

    /// <summary>
    /// Exact top-<paramref name="k"/> as above, keeping only scores &gt;= <paramref name="minScore"/>; rows with
    /// fewer qualifying neighbours are padded with index -1 and score -infinity.
    /// </summary>
    public static TopKResult TopK(EmbeddingMatrix queries, EmbeddingMatrix gallery, int k, float minScore, SimilarityOptions? options = null, bool excludeSelf = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var spec = new SimilaritySearchSpec
        {
            K = k,
            MinScore = minScore,
            Filter = excludeSelf ? PairFilter.ExcludeSelf : PairFilter.All,
        };
        return Search(queries, gallery, spec, options).Neighbours!;
    }

    /// <summary>
    /// The <paramref name="count"/> best pairs over all (query, gallery) pairs allowed by <paramref name="filter"/>,
    /// score descending, then query index, then gallery index ascending; only scores &gt;= <paramref name="minScore"/>.
    /// </summary>
    public static ScoredPair[] TopPairs(EmbeddingMatrix queries, EmbeddingMatrix gallery, int count, SimilarityOptions? options = null, PairFilter filter = PairFilter.All, float minScore = float.NegativeInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var spec = new SimilaritySearchSpec { TopPairs = count, Filter = filter, MinScore = minScore };
        return Search(queries, gallery, spec, options).TopPairs;
    }

    /// <summary>
    /// For each query row and each ascending threshold t, the number of gallery rows (allowed by
    /// <paramref name="filter"/>) with score &gt;= t; row-major queries x thresholds.
    /// </summary>
    public static int[] CountAtLeast(EmbeddingMatrix queries, EmbeddingMatrix gallery, IReadOnlyList<float> thresholds, SimilarityOptions? options = null, PairFilter filter = PairFilter.All)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        var spec = new SimilaritySearchSpec { Thresholds = thresholds, Filter = filter };
        return Search(queries, gallery, spec, options).Counts ?? [];
    }

    /// <summary>
    /// One fused pass over all (query, gallery) pairs collecting what <paramref name="spec"/> asks for
    /// (AUDIT.md 0.3). Exact, and independent of the thread count; no queries x gallery matrix is stored.
    /// </summary>
    public static SimilaritySearchResult Search(EmbeddingMatrix queries, EmbeddingMatrix gallery, SimilaritySearchSpec spec, SimilarityOptions? options = null)
    {
        CheckPair(queries, gallery);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegative(spec.K);
        ArgumentOutOfRangeException.ThrowIfNegative(spec.TopPairs);
        if (float.IsNaN(spec.MinScore))
        {
            throw new ArgumentException("MinScore is NaN", nameof(spec));
        }

        if (spec.Thresholds is { } th)
        {
            for (int t = 0; t < th.Count; t++)
            {
                if (float.IsNaN(th[t]) || (t > 0 && th[t] < th[t - 1]))
                {
                    throw new ArgumentException($"thresholds must be ascending numbers; entry {t} is {th[t]}", nameof(spec));
                }
            }
        }

        options ??= SimilarityOptions.Default;
        var plan = AllPairsEngine.Plan(queries.Rows, gallery.Rows, options, splitColumns: true);
        var collector = new SearchCollector(queries.Rows, spec, plan);
        AllPairsEngine.Run(
            queries, 0, queries.Rows, gallery, options, plan,
            collector.CreateLocal, collector.Consume, collector.Finish);
        return collector.ToResult();
    }

    private static void CheckPair(EmbeddingMatrix a, EmbeddingMatrix b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Dim != b.Dim)
        {
            throw new ArgumentException($"dimension mismatch: {a.Dim} vs {b.Dim}");
        }
    }

    private static void CheckRange(EmbeddingMatrix a, int rowStart, int rowCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowStart);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if ((long)rowStart + rowCount > a.Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(rowCount), $"rows {rowStart} .. {(long)rowStart + rowCount} exceed the {a.Rows} rows of A");
        }
    }
}
