using System.Numerics.Tensors;
using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Synthesis;

/// <summary>
/// Receives one block of similarities <c>sims</c> (rows r0.. of X against rows c0.. of Y, row stride cc). Writing
/// weights into <paramref name="weights"/> (same shape, pre-zeroed) and returning true asks the pass to add
/// <c>weights x Y</c> to the output rows. Blocks of one row range arrive on one thread in increasing c0 order, so
/// per-row reductions stored by the handler are deterministic.
/// </summary>
internal delegate bool PairBlockHandler(int r0, int rc, int c0, int cc, ReadOnlySpan<float> sims, Span<float> weights);

/// <summary>
/// One streamed pass over the similarity matrix X Y^T with fused consumers (SYNTHESIS.md 2.5). Large problems go
/// through <c>SimilarityKernel.ForEachBlock</c>; tiny ones (a few hundred rows, as in the spherical-code
/// tests, run millions of times) use one cached in-thread block so that no per-call buffers or thread hand-offs
/// dominate.
/// </summary>
internal sealed class PairwisePass
{
    /// <summary>Problems with at most this many X rows x Y rows use the single in-thread block.</summary>
    public const long SmallPairs = 256 * 256;

    private readonly int _threads;
    private readonly ThreadLocal<float[]> _weights;
    private float[]? _smallSims;
    private float[]? _smallWeights;

    public PairwisePass(int threads)
    {
        _threads = threads;
        _weights = new ThreadLocal<float[]>(() => []);
    }

    /// <summary>Whether a pass over <paramref name="xRows"/> x <paramref name="yRows"/> pairs takes the single in-thread block (scores from TensorPrimitives.Dot).</summary>
    public static bool IsSmall(int xRows, int yRows) => (long)xRows * yRows <= SmallPairs;

    /// <summary>Visits every block of X Y^T; when <paramref name="output"/> is given, accumulates the handler's weights times Y into it.</summary>
    /// <remarks>With <paramref name="reuse"/>, a tiny problem reuses the similarities of the previous call (same X and Y).</remarks>
    public void Run(EmbeddingMatrix x, EmbeddingMatrix y, PairBlockHandler handler, float[]? output, CancellationToken ct, bool reuse = false)
    {
        int d = x.Dim;
        if (IsSmall(x.Rows, y.Rows))
        {
            int n = x.Rows, m = y.Rows;
            bool cached = reuse && _smallSims is { } prev && prev.Length >= n * m;
            var sims = _smallSims is { } s && s.Length >= n * m ? s : (_smallSims = new float[n * m]);
            bool symmetric = ReferenceEquals(x, y);
            for (int i = 0; i < (cached ? 0 : n); i++)
            {
                var xi = x.Data.AsSpan(i * d, d);
                for (int j = symmetric ? i : 0; j < m; j++)
                {
                    float v = TensorPrimitives.Dot(xi, y.Data.AsSpan(j * d, d));
                    sims[(i * m) + j] = v;
                    if (symmetric)
                    {
                        sims[(j * m) + i] = v;
                    }
                }
            }

            var w = _smallWeights is { } ws && ws.Length >= n * m ? ws : (_smallWeights = new float[n * m]);
            w.AsSpan(0, n * m).Clear();
            if (handler(0, n, 0, m, sims.AsSpan(0, n * m), w.AsSpan(0, n * m)) && output is not null)
            {
                WeightedRowSum.Accumulate(w.AsSpan(0, n * m), n, m, y.Data, 0, d, output.AsSpan(0, n * d));
            }

            return;
        }

        var options = new SimilarityOptions { Threads = _threads, Cancellation = ct };
        SimilarityKernel.ForEachBlock(x, y, (r0, rc, c0, cc, block) =>
        {
            var buf = _weights.Value!;
            if (buf.Length < rc * cc)
            {
                buf = new float[Math.Max(rc * cc, 64 * 1024)];
                _weights.Value = buf;
            }

            var w = buf.AsSpan(0, rc * cc);
            w.Clear();
            if (handler(r0, rc, c0, cc, block, w) && output is not null)
            {
                WeightedRowSum.Accumulate(w, rc, cc, y.Data, c0, d, output.AsSpan(r0 * d, rc * d));
            }
        }, options);
    }
}
