using System.Text.Json.Nodes;
using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>One phase of the full-batch schedule: loss, steps, temperatures, learning rate.</summary>
internal sealed record PackingPhase(string Stage, PackingLoss Loss, int Steps, double Tau0, double Tau1, double LearningRate);

/// <summary>The best state of a phase and how the phase ended.</summary>
internal sealed record PhaseOutcome(float[] Best, PackingEvaluation BestEval, long BestIteration, long Iterations, string Stopped);

/// <summary>
/// Full-batch HyperFace packing (SYNTHESIS.md 3.2.2-3.2.3): every step evaluates the chosen loss over all pairs
/// with fused passes of the similarity kernel, takes an Adam step on the tangent space and renormalises.
/// </summary>
internal sealed class FullBatchPacker
{
    private readonly EmbeddingMatrix _x;
    private readonly EmbeddingMatrix? _gallery;
    private readonly double _alpha;
    private readonly HyperFaceOptions _o;
    private readonly int _threads;
    private readonly PairwisePass _pass;
    private readonly PairwisePass _galleryPass;
    private readonly RowStatistics _stats;
    private readonly RowStatistics? _galleryStats;
    private readonly AdamRows _adam;
    private readonly float[] _grad;
    private readonly float[] _colMax;
    private readonly float[] _colInvZ;

    public FullBatchPacker(EmbeddingMatrix state, EmbeddingMatrix? gallery, double alpha, HyperFaceOptions options, int threads)
    {
        _x = state;
        _gallery = alpha > 0 ? gallery : null;
        _alpha = alpha;
        _o = options;
        _threads = threads;
        _pass = new PairwisePass(threads);
        _galleryPass = new PairwisePass(threads);
        _stats = new RowStatistics(state.Rows);
        _galleryStats = _gallery is null ? null : new RowStatistics(state.Rows);
        _adam = new AdamRows(state.Rows, state.Dim);
        _grad = new float[state.Rows * state.Dim];
        _colMax = new float[state.Rows];
        _colInvZ = new float[state.Rows];
    }

    public EmbeddingMatrix State => _x;

    /// <summary>A phase stops once its best minimum angle is within 1e-4 degrees of this (NaN: never).</summary>
    public double Target { get; init; } = double.NaN;

    /// <summary>Exact evaluation of the current state (one pass).</summary>
    public PackingEvaluation Evaluate(CancellationToken ct)
    {
        _stats.Compute(_pass, _x, _x, true, 0, ct);
        return PackingEvaluation.FromNearest(_stats.Max, _stats.ArgMax, _x.Data, _x.Dim);
    }

    /// <summary>Runs one phase from the current state; returns its best state.</summary>
    public PhaseOutcome Run(PackingPhase phase, ProgressReporter progress, CancellationToken ct, PhaseCheckpointing? checkpointing)
    {
        int n = _x.Rows, d = _x.Dim;
        long total = phase.Steps;
        int every = ProgressReporter.Every(_o.ProgressEvery, total);
        var best = (float[])_x.Data.Clone();
        var bestEval = PackingEvaluation.Worst;
        long bestIter = 0, startT = 1;
        int stale = 0;
        _adam.Reset();
        if (checkpointing?.Resume is { } cp)
        {
            Array.Copy(cp.Get("x", n * d), _x.Data, n * d);
            Array.Copy(cp.Get("m", n * d), _adam.M, n * d);
            Array.Copy(cp.Get("v", n * d), _adam.V, n * d);
            Array.Copy(cp.Get("best", n * d), best, n * d);
            bestEval = new PackingEvaluation(cp.Header["best_min_deg"]!.GetValue<double>(), cp.Header["best_mean_deg"]!.GetValue<double>());
            bestIter = cp.Header["best_iteration"]!.GetValue<long>();
            stale = cp.Header["stale"]!.GetValue<int>();
            startT = cp.Header["iteration"]!.GetValue<long>() + 1;
        }

        string stopped = "max_iterations";
        long t = startT;
        for (; t <= total + 1; t++)
        {
            // Step t evaluates the state after t - 1 updates; the extra pass at t = total + 1 only evaluates.
            bool last = t == total + 1;
            if (ct.IsCancellationRequested)
            {
                stopped = "cancelled";
                break;
            }

            double tau = AdamRows.Temperature(phase.Tau0, phase.Tau1, Math.Min(t, total), total);
            double lr = AdamRows.Rate(phase.LearningRate, _o.LearningRateFloor, Math.Min(t, total), total);
            double loss;
            try
            {
                loss = last ? double.NaN : Gradient(phase.Loss, tau, ct);
                if (last)
                {
                    _stats.Compute(_pass, _x, _x, true, 0, ct);
                }
            }
            catch (OperationCanceledException)
            {
                stopped = "cancelled";
                break;
            }

            long iter = t - 1;
            bool evalNow = last || iter % Math.Max(1, _o.EvalEvery) == 0;
            bool reportNow = last || iter % every == 0;
            if (evalNow || reportNow)
            {
                var e = PackingEvaluation.FromNearest(_stats.Max, _stats.ArgMax, _x.Data, d);
                if (evalNow)
                {
                    if (e.MinAngleDeg > bestEval.MinAngleDeg + 1e-6)
                    {
                        stale = 0;
                    }
                    else
                    {
                        stale++;
                    }

                    if (e.IsBetterThan(bestEval))
                    {
                        bestEval = e;
                        bestIter = iter;
                        Array.Copy(_x.Data, best, n * d);
                    }
                }

                if (reportNow && progress.Enabled)
                {
                    progress.Report(phase.Stage, iter, double.IsNaN(loss) ? null : loss, e.MinAngleDeg, e.MeanNnAngleDeg, true,
                        new Dictionary<string, double> { ["tau"] = tau, ["lr"] = lr });
                }

                if (!last && bestEval.MinAngleDeg >= Target - 1e-4)
                {
                    stopped = "target";
                    t++;
                    break;
                }

                if (_o.Patience > 0 && stale >= _o.Patience && !last)
                {
                    stopped = "patience";
                    t++;
                    break;
                }
            }

            if (last)
            {
                break;
            }

            Update(t, lr);
            if (checkpointing is not null && checkpointing.Every > 0 && t % checkpointing.Every == 0 && t < total)
            {
                checkpointing.Save(Snapshot(t, best, bestEval, bestIter, stale));
            }
        }

        long done = Math.Min(t, total + 1) - 1;
        if (stopped == "cancelled" && checkpointing is not null)
        {
            checkpointing.Save(Snapshot(done, best, bestEval, bestIter, stale));
        }

        if (double.IsNegativeInfinity(bestEval.MinAngleDeg))
        {
            bestEval = Evaluate(CancellationToken.None);
            Array.Copy(_x.Data, best, n * d);
        }

        return new PhaseOutcome(best, bestEval, bestIter, done, stopped);
    }

    private Checkpoint Snapshot(long t, float[] best, PackingEvaluation bestEval, long bestIter, int stale)
    {
        var cp = new Checkpoint();
        cp.Header["iteration"] = t;
        cp.Header["best_min_deg"] = bestEval.MinAngleDeg;
        cp.Header["best_mean_deg"] = bestEval.MeanNnAngleDeg;
        cp.Header["best_iteration"] = bestIter;
        cp.Header["stale"] = stale;
        cp.Arrays["x"] = (float[])_x.Data.Clone();
        cp.Arrays["m"] = (float[])_adam.M.Clone();
        cp.Arrays["v"] = (float[])_adam.V.Clone();
        cp.Arrays["best"] = (float[])best.Clone();
        return cp;
    }

    /// <summary>Fills the gradient for the current state and returns the loss; leaves nearest neighbours in <see cref="_stats"/>.</summary>
    private double Gradient(PackingLoss loss, double tau, CancellationToken ct)
    {
        int n = _x.Rows, d = _x.Dim;
        Array.Clear(_grad);
        double value;
        switch (loss)
        {
            case PackingLoss.Max:
                {
                    _stats.Compute(_pass, _x, _x, true, 0, ct);
                    float inv = 1f / n;
                    double sum = 0;
                    for (int a = 0; a < n; a++)
                    {
                        int j = _stats.ArgMax[a];
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_x.Data.AsSpan(j * d, d), inv, _grad.AsSpan(a * d, d), _grad.AsSpan(a * d, d));
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_x.Data.AsSpan(a * d, d), inv, _grad.AsSpan(j * d, d), _grad.AsSpan(j * d, d));
                        sum += _stats.Max[a];
                    }

                    value = sum / n;
                    break;
                }

            case PackingLoss.Soft:
                {
                    _stats.Compute(_pass, _x, _x, true, tau, ct);
                    double sum = 0;
                    for (int i = 0; i < n; i++)
                    {
                        _colMax[i] = _stats.Max[i];
                        _colInvZ[i] = (float)(1.0 / _stats.Z[i]);
                        sum += _stats.Max[i] + (tau * Math.Log(_stats.Z[i]));
                    }

                    value = sum / n;
                    float invTau = (float)(1.0 / tau), invN = 1f / n;
                    var colMax = _colMax;
                    var colInvZ = _colInvZ;
                    _pass.Run(_x, _x, (r0, rc, c0, cc, sims, w) =>
                    {
                        Span<float> tmp = cc <= 1024 ? stackalloc float[cc] : new float[cc];
                        for (int r = 0; r < rc; r++)
                        {
                            int i = r0 + r;
                            var s = sims.Slice(r * cc, cc);
                            var wr = w.Slice(r * cc, cc);
                            System.Numerics.Tensors.TensorPrimitives.Subtract(s, colMax[i], wr);
                            System.Numerics.Tensors.TensorPrimitives.Multiply(wr, invTau, wr);
                            System.Numerics.Tensors.TensorPrimitives.Exp(wr, wr);
                            System.Numerics.Tensors.TensorPrimitives.Multiply(wr, colInvZ[i], wr);
                            System.Numerics.Tensors.TensorPrimitives.Subtract(s, colMax.AsSpan(c0, cc), tmp);
                            System.Numerics.Tensors.TensorPrimitives.Multiply(tmp, invTau, tmp);
                            System.Numerics.Tensors.TensorPrimitives.Exp(tmp, tmp);
                            System.Numerics.Tensors.TensorPrimitives.Multiply(tmp, colInvZ.AsSpan(c0, cc), tmp);
                            System.Numerics.Tensors.TensorPrimitives.Add(wr, tmp, wr);
                            System.Numerics.Tensors.TensorPrimitives.Multiply(wr, invN, wr);
                            int selfCol = i - c0;
                            if (selfCol >= 0 && selfCol < cc)
                            {
                                wr[selfCol] = 0f;
                            }
                        }

                        return true;
                    }, _grad, ct, reuse: true);
                    break;
                }

            default:
                {
                    _stats.Compute(_pass, _x, _x, true, tau, ct);
                    float gmax = float.NegativeInfinity;
                    for (int i = 0; i < n; i++)
                    {
                        gmax = Math.Max(gmax, _stats.Max[i]);
                    }

                    double s = 0;
                    for (int i = 0; i < n; i++)
                    {
                        s += _stats.Z[i] * Math.Exp((_stats.Max[i] - gmax) / tau);
                    }

                    s *= 0.5; // every unordered pair was counted from both ends
                    value = gmax + (tau * Math.Log(s));
                    float invTau = (float)(1.0 / tau), invS = (float)(1.0 / s);
                    _pass.Run(_x, _x, (r0, rc, c0, cc, sims, w) =>
                    {
                        for (int r = 0; r < rc; r++)
                        {
                            int i = r0 + r;
                            var wr = w.Slice(r * cc, cc);
                            System.Numerics.Tensors.TensorPrimitives.Subtract(sims.Slice(r * cc, cc), gmax, wr);
                            System.Numerics.Tensors.TensorPrimitives.Multiply(wr, invTau, wr);
                            System.Numerics.Tensors.TensorPrimitives.Exp(wr, wr);
                            System.Numerics.Tensors.TensorPrimitives.Multiply(wr, invS, wr);
                            int selfCol = i - c0;
                            if (selfCol >= 0 && selfCol < cc)
                            {
                                wr[selfCol] = 0f;
                            }
                        }

                        return true;
                    }, _grad, ct, reuse: true);
                    break;
                }
        }

        if (_gallery is not null && _galleryStats is not null)
        {
            _galleryStats.Compute(_galleryPass, _x, _gallery, false, 0, ct);
            float coef = (float)(-_alpha / n);
            double r = 0;
            for (int i = 0; i < n; i++)
            {
                int k = _galleryStats.ArgMax[i];
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_gallery.Data.AsSpan(k * d, d), coef, _grad.AsSpan(i * d, d), _grad.AsSpan(i * d, d));
                r += 1 - _galleryStats.Max[i];
            }

            value += _alpha * r / n;
        }

        return value;
    }

    private void Update(long t, double lr)
    {
        int n = _x.Rows, d = _x.Dim;
        void Row(int i) => _adam.Step(i, _x.Row(i), _grad.AsSpan(i * d, d), t, lr, _o.Beta1, _o.Beta2, _o.Epsilon, _o.ProjectGradient);
        if (_threads > 1 && (long)n * d >= 1 << 16)
        {
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = _threads }, Row);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                Row(i);
            }
        }
    }
}

/// <summary>Where and how often a phase saves its checkpoint, and the checkpoint to resume from.</summary>
internal sealed class PhaseCheckpointing
{
    public PhaseCheckpointing(string directory, int every, JsonObject identity, Checkpoint? resume)
    {
        Directory = directory;
        Every = every;
        Identity = identity;
        Resume = resume;
    }

    public string Directory { get; }

    public int Every { get; }

    /// <summary>Header entries that identify the run (options fingerprint, stage, carried values).</summary>
    public JsonObject Identity { get; }

    public Checkpoint? Resume { get; }

    /// <summary>Arrays of earlier phases stored with every checkpoint.</summary>
    public IReadOnlyDictionary<string, float[]>? Carry { get; init; }

    public void Save(Checkpoint cp)
    {
        foreach (var (k, v) in Carry ?? new Dictionary<string, float[]>())
        {
            cp.Arrays[k] = v;
        }

        foreach (var (k, v) in Identity)
        {
            cp.Header[k] = v?.DeepClone();
        }

        cp.Save(Directory);
    }
}
