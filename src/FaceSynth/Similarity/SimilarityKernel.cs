using System.Numerics.Tensors;
using FaceSynth.Embeddings;

namespace FaceSynth.Similarity;

/// <summary>
/// Receives one block of the similarity matrix: <paramref name="block"/> holds
/// rows <paramref name="rowStart"/> .. +rowCount of A against columns <paramref name="colStart"/> .. +colCount of B,
/// row-major with row stride <paramref name="colCount"/>. Called concurrently from worker threads
/// (never twice at once for the same row range).
/// </summary>
public delegate void SimilarityBlockHandler(int rowStart, int rowCount, int colStart, int colCount, ReadOnlySpan<float> block);

/// <summary>
/// The one similarity kernel of FaceSynth: all-pairs dot products between two embedding
/// matrices, computed block by block, and exact top-k search fused with the blocks.
/// Cosine similarity is the dot product of L2-normalised rows (normalise first).
/// </summary>
public static class SimilarityKernel
{
    /// <summary>Rows of A per block.</summary>
    internal const int RowBlock = 64;

    /// <summary>Rows of B per block.</summary>
    internal const int ColBlock = 1024;

    /// <summary>All dot products: <paramref name="output"/>[i * b.Rows + j] = a_i . b_j.</summary>
    public static void DotAll(EmbeddingMatrix a, EmbeddingMatrix b, float[] output, SimilarityOptions? options = null)
    {
        CheckPair(a, b);
        ArgumentNullException.ThrowIfNull(output);
        if (output.Length < (long)a.Rows * b.Rows)
        {
            throw new ArgumentException($"output holds {output.Length} values, needs {(long)a.Rows * b.Rows}", nameof(output));
        }

        int m = b.Rows;
        ForEachBlock(a, b, (r0, rc, c0, cc, block) =>
        {
            for (int r = 0; r < rc; r++)
            {
                block.Slice(r * cc, cc).CopyTo(output.AsSpan(((r0 + r) * m) + c0, cc));
            }
        }, options);
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

        var output = new float[n];
        DotAll(a, b, output, options);
        return output;
    }

    /// <summary>
    /// Streams the similarity matrix A x B^T to <paramref name="handler"/> block by block, in parallel
    /// over row blocks of A. Memory is bounded by the block size, never by a.Rows x b.Rows.
    /// </summary>
    public static void ForEachBlock(EmbeddingMatrix a, EmbeddingMatrix b, SimilarityBlockHandler handler, SimilarityOptions? options = null)
    {
        CheckPair(a, b);
        ArgumentNullException.ThrowIfNull(handler);
        options ??= SimilarityOptions.Default;
        int rowBlocks = (a.Rows + RowBlock - 1) / RowBlock;
        long done = 0;
        var po = new ParallelOptions { MaxDegreeOfParallelism = options.EffectiveThreads, CancellationToken = options.Cancellation };
        Parallel.For(0, rowBlocks, po, () => new float[RowBlock * ColBlock], (rb, _, buffer) =>
        {
            int r0 = rb * RowBlock;
            int rc = Math.Min(RowBlock, a.Rows - r0);
            for (int c0 = 0; c0 < b.Rows; c0 += ColBlock)
            {
                options.Cancellation.ThrowIfCancellationRequested();
                int cc = Math.Min(ColBlock, b.Rows - c0);
                ComputeBlock(a, r0, rc, b, c0, cc, buffer);
                handler(r0, rc, c0, cc, buffer.AsSpan(0, rc * cc));
            }

            long total = Interlocked.Add(ref done, rc);
            options.Progress?.Report(total);
            return buffer;
        }, _ => { });
    }

    /// <summary>
    /// Exact top-<paramref name="k"/> gallery rows by dot product for each query row, fused with the
    /// block computation. With <paramref name="excludeSelf"/> (queries and gallery are the same set)
    /// the pair (i, i) is skipped.
    /// </summary>
    public static TopKResult TopK(EmbeddingMatrix queries, EmbeddingMatrix gallery, int k, SimilarityOptions? options = null, bool excludeSelf = false)
    {
        CheckPair(queries, gallery);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        var result = new TopKResult(queries.Rows, k);
        ForEachBlock(queries, gallery, (r0, rc, c0, cc, block) =>
        {
            for (int r = 0; r < rc; r++)
            {
                int q = r0 + r;
                var idx = result.Indices.AsSpan(q * k, k);
                var sc = result.Scores.AsSpan(q * k, k);
                var row = block.Slice(r * cc, cc);
                for (int c = 0; c < cc; c++)
                {
                    int g = c0 + c;
                    if (excludeSelf && g == q)
                    {
                        continue;
                    }

                    float s = row[c];
                    if (s > sc[k - 1] || (s == sc[k - 1] && idx[k - 1] < 0))
                    {
                        Insert(idx, sc, g, s);
                    }
                }
            }
        }, options);
        return result;
    }

    /// <summary>Inserts (g, s) into the descending list; equal scores keep the earlier (lower) index first.</summary>
    private static void Insert(Span<int> idx, Span<float> sc, int g, float s)
    {
        int pos = idx.Length - 1;
        while (pos > 0 && (sc[pos - 1] < s || idx[pos - 1] < 0))
        {
            sc[pos] = sc[pos - 1];
            idx[pos] = idx[pos - 1];
            pos--;
        }

        sc[pos] = s;
        idx[pos] = g;
    }

    private static void ComputeBlock(EmbeddingMatrix a, int r0, int rc, EmbeddingMatrix b, int c0, int cc, float[] output)
    {
        int d = a.Dim;
        for (int r = 0; r < rc; r++)
        {
            var ar = a.Data.AsSpan((r0 + r) * d, d);
            for (int c = 0; c < cc; c++)
            {
                output[(r * cc) + c] = TensorPrimitives.Dot(ar, b.Data.AsSpan((c0 + c) * d, d));
            }
        }
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
}
