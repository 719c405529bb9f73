using System.Numerics.Tensors;
using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Synthesis;

/// <summary>
/// The stochastic neighbour-list variant of HyperFace packing (SYNTHESIS.md 3.2.4): each epoch updates the rows
/// batch by batch against exact K-nearest-neighbour lists (per-point soft-max, one-sided), with per-row Adam step
/// counters; the lists are rebuilt exactly with the top-k kernel every RebuildEvery epochs, where the exact angles
/// are evaluated and the best state kept.
/// </summary>
internal sealed class StochasticPacker
{
    private readonly EmbeddingMatrix _x;
    private readonly EmbeddingMatrix? _gallery;
    private readonly double _alpha;
    private readonly HyperFaceOptions _o;
    private readonly int _threads;
    private readonly ulong _seed;
    private readonly AdamRows _adam;
    private readonly long[] _steps;
    private readonly int _k;
    private readonly int _kg;
    private TopKResult? _lists;
    private TopKResult? _galleryLists;

    public StochasticPacker(EmbeddingMatrix x, EmbeddingMatrix? gallery, double alpha, HyperFaceOptions options, int threads, ulong seed)
    {
        _x = x;
        _gallery = alpha > 0 ? gallery : null;
        _alpha = alpha;
        _o = options;
        _threads = threads;
        _seed = seed;
        _adam = new AdamRows(x.Rows, x.Dim);
        _steps = new long[x.Rows];
        _k = Math.Min(options.Neighbours, x.Rows - 1);
        _kg = _gallery is null ? 0 : Math.Min(options.GalleryNeighbours, _gallery.Rows);
    }

    public PhaseOutcome Run(int epochs, double lr0, ProgressReporter progress, CancellationToken ct, PhaseCheckpointing? checkpointing)
    {
        int n = _x.Rows, d = _x.Dim;
        var best = (float[])_x.Data.Clone();
        var bestEval = PackingEvaluation.Worst;
        long bestIter = 0;
        int startEpoch = 1;
        if (checkpointing?.Resume is { } cp)
        {
            Array.Copy(cp.Get("x", n * d), _x.Data, n * d);
            Array.Copy(cp.Get("m", n * d), _adam.M, n * d);
            Array.Copy(cp.Get("v", n * d), _adam.V, n * d);
            Array.Copy(cp.Get("best", n * d), best, n * d);
            var steps = cp.Get("row_steps", n);
            for (int i = 0; i < n; i++)
            {
                _steps[i] = (long)steps[i];
            }

            bestEval = new PackingEvaluation(cp.Header["best_min_deg"]!.GetValue<double>(), cp.Header["best_mean_deg"]!.GetValue<double>());
            bestIter = cp.Header["best_iteration"]!.GetValue<long>();
            startEpoch = (int)cp.Header["iteration"]!.GetValue<long>() + 1;
        }

        var po = new ParallelOptions { MaxDegreeOfParallelism = _threads };
        int batch = Math.Min(_o.BatchSize, n);
        var grads = new float[batch * d];
        var perm = new int[n];
        string stopped = "max_iterations";
        int lastEpoch = startEpoch - 1;

        try
        {
            var e0 = Rebuild(ct);
            if (startEpoch == 1)
            {
                Consider(e0, 0, ref bestEval, ref bestIter, best);
                progress.Report("stochastic", 0, null, e0.MinAngleDeg, e0.MeanNnAngleDeg, true);
            }

            for (int e = startEpoch; e <= epochs; e++)
            {
                double tau = AdamRows.Temperature(0.1, 0.005, e, epochs);
                double lr = AdamRows.Rate(lr0, _o.LearningRateFloor, e, epochs);
                var rng = new SynthRandom(_seed, "hyperface/epoch", (ulong)e);
                for (int i = 0; i < n; i++)
                {
                    perm[i] = i;
                }

                for (int i = n - 1; i > 0; i--)
                {
                    int j = (int)(rng.Uniform() * (i + 1));
                    (perm[i], perm[j]) = (perm[j], perm[i]);
                }

                for (int b0 = 0; b0 < n; b0 += batch)
                {
                    ct.ThrowIfCancellationRequested();
                    int bc = Math.Min(batch, n - b0);

                    // Gradients of the whole batch first (others frozen), then the updates: no row reads a half-updated row.
                    Parallel.For(0, bc, po, p => RowGradient(perm[b0 + p], tau, grads.AsSpan(p * d, d)));
                    Parallel.For(0, bc, po, p =>
                    {
                        int i = perm[b0 + p];
                        _adam.Step(i, _x.Row(i), grads.AsSpan(p * d, d), ++_steps[i], lr, _o.Beta1, _o.Beta2, _o.Epsilon, _o.ProjectGradient);
                    });
                }

                lastEpoch = e;
                bool rebuild = e % _o.RebuildEvery == 0 || e == epochs;
                if (rebuild)
                {
                    var ev = Rebuild(ct);
                    Consider(ev, e, ref bestEval, ref bestIter, best);
                    progress.Report("stochastic", e, null, ev.MinAngleDeg, ev.MeanNnAngleDeg, true,
                        new Dictionary<string, double> { ["tau"] = tau, ["lr"] = lr });
                    int cpEvery = _o.CheckpointEvery > 0 ? Math.Max(1, _o.CheckpointEvery / _o.RebuildEvery) * _o.RebuildEvery : 0;
                    if (checkpointing is not null && cpEvery > 0 && e % cpEvery == 0 && e < epochs)
                    {
                        checkpointing.Save(Snapshot(e, best, bestEval, bestIter));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The last checkpoint (taken at a list rebuild, where resuming is exact) is left as it was.
            stopped = "cancelled";
        }

        if (double.IsNegativeInfinity(bestEval.MinAngleDeg))
        {
            var ev = Rebuild(CancellationToken.None);
            Consider(ev, lastEpoch, ref bestEval, ref bestIter, best);
        }

        return new PhaseOutcome(best, bestEval, bestIter, lastEpoch, stopped);
    }

    private void Consider(PackingEvaluation ev, long epoch, ref PackingEvaluation bestEval, ref long bestIter, float[] best)
    {
        if (ev.IsBetterThan(bestEval))
        {
            bestEval = ev;
            bestIter = epoch;
            Array.Copy(_x.Data, best, best.Length);
        }
    }

    private Checkpoint Snapshot(long epoch, float[] best, PackingEvaluation bestEval, long bestIter)
    {
        var cp = new Checkpoint();
        cp.Header["iteration"] = epoch;
        cp.Header["best_min_deg"] = bestEval.MinAngleDeg;
        cp.Header["best_mean_deg"] = bestEval.MeanNnAngleDeg;
        cp.Header["best_iteration"] = bestIter;
        cp.Arrays["x"] = (float[])_x.Data.Clone();
        cp.Arrays["m"] = (float[])_adam.M.Clone();
        cp.Arrays["v"] = (float[])_adam.V.Clone();
        cp.Arrays["best"] = (float[])best.Clone();
        cp.Arrays["row_steps"] = _steps.Select(s => (float)s).ToArray();
        return cp;
    }

    /// <summary>Exact neighbour (and gallery) lists; returns the exact evaluation of the current state.</summary>
    private PackingEvaluation Rebuild(CancellationToken ct)
    {
        var options = new SimilarityOptions { Threads = _threads, Cancellation = ct };
        _lists = SimilarityKernel.TopK(_x, _x, _k, options, excludeSelf: true);
        if (_gallery is not null)
        {
            _galleryLists = SimilarityKernel.TopK(_x, _gallery, _kg, options);
        }

        int n = _x.Rows;
        var nnCos = new float[n];
        var nnIdx = new int[n];
        for (int i = 0; i < n; i++)
        {
            nnCos[i] = _lists.ScoresOf(i)[0];
            nnIdx[i] = _lists.IndicesOf(i)[0];
        }

        return PackingEvaluation.FromNearest(nnCos, nnIdx, _x.Data, _x.Dim);
    }

    private void RowGradient(int i, double tau, Span<float> g)
    {
        int d = _x.Dim;
        var xi = _x.Data.AsSpan(i * d, d);
        var list = _lists!.IndicesOf(i);
        Span<float> w = stackalloc float[list.Length];
        for (int a = 0; a < list.Length; a++)
        {
            w[a] = TensorPrimitives.Dot(xi, _x.Data.AsSpan(list[a] * d, d));
        }

        float m = TensorPrimitives.Max(w);
        TensorPrimitives.Subtract(w, m, w);
        TensorPrimitives.Multiply(w, (float)(1.0 / tau), w);
        TensorPrimitives.Exp(w, w);
        TensorPrimitives.Multiply(w, 1f / TensorPrimitives.Sum(w), w);
        g.Clear();
        for (int a = 0; a < list.Length; a++)
        {
            TensorPrimitives.MultiplyAdd(_x.Data.AsSpan(list[a] * d, d), w[a], g, g);
        }

        if (_gallery is not null)
        {
            var gl = _galleryLists!.IndicesOf(i);
            int bestK = gl[0];
            float bestS = float.NegativeInfinity;
            foreach (int k in gl)
            {
                float s = TensorPrimitives.Dot(xi, _gallery.Data.AsSpan(k * d, d));
                if (s > bestS)
                {
                    bestS = s;
                    bestK = k;
                }
            }

            TensorPrimitives.MultiplyAdd(_gallery.Data.AsSpan(bestK * d, d), (float)-_alpha, g, g);
        }
    }
}
