using System.Diagnostics;
using System.Text.Json.Nodes;
using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>
/// HyperFace packing (Otroshi Shahreza and Marcel, ICLR 2025) as adapted in SYNTHESIS.md 3.2: Adam on the
/// sphere, smooth max (per-point and global log-sum-exp), restarts, optional gallery regulariser, and a
/// neighbour-list stochastic variant for large N. With no gallery term it is a spherical-code solver.
/// </summary>
public sealed class HyperFaceSampler : IIdentitySampler
{
    /// <summary>Creates the sampler with <paramref name="options"/> (defaults when null).</summary>
    public HyperFaceSampler(HyperFaceOptions? options = null) => Options = options ?? new HyperFaceOptions();

    /// <summary>The options as given (defaults resolved per request).</summary>
    public HyperFaceOptions Options { get; }

    /// <inheritdoc />
    public string Name => "hyperface";

    /// <summary>The method line of the manifest.</summary>
    public const string Method = "HyperFace packing (Otroshi Shahreza & Marcel, ICLR 2025), FaceSynth adaptation 1";

    /// <summary>Resolved restarts: Auto = min(128, max(1, floor(2e7 / (N^2 d)))).</summary>
    public static int AutoRestarts(int n, int d) => (int)Math.Min(128, Math.Max(1, Math.Floor(2e7 / ((double)n * n * d))));

    /// <summary>Default learning rate min(0.01, 0.05 / sqrt(d)).</summary>
    public static double DefaultLearningRate(int d) => Math.Min(0.01, 0.05 / Math.Sqrt(d));

    /// <inheritdoc />
    public SamplerResult Run(IdentityRequest request, IProgress<SamplerProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        int n = request.Count, d = request.Dim;
        SamplerValidation.CheckShape(n, d);
        var o = Options;
        var gallery = request.Gallery is null ? null : SphereMath.CheckedUnitCopy(request.Gallery, d, "--gallery");
        if (gallery is not null && gallery.Rows < n)
        {
            throw new FaceSynthDataException("--gallery", $"has {gallery.Rows} rows; at least --count = {n} are needed to initialise from it");
        }

        var initial = request.Initial is null ? null : SphereMath.CheckedUnitCopy(request.Initial, d, "initial state");
        if (initial is not null && initial.Rows != n)
        {
            throw new FaceSynthDataException("initial state", $"has {initial.Rows} rows, expected {n}");
        }

        double alpha = o.Alpha ?? (gallery is not null ? 0.1 : 0.0);
        SamplerValidation.NonNegative(alpha, "--alpha");
        if (alpha > 0 && gallery is null)
        {
            throw new FaceSynthDataException("--alpha", $"alpha = {alpha} needs a --gallery");
        }

        bool stochastic = o.Stochastic ?? (o.Schedule == PackingSchedule.Auto && n > HyperFaceOptions.FullBatchLimit);
        int steps = o.Steps ?? (stochastic ? 300 : 3000);
        double lr = o.LearningRate ?? DefaultLearningRate(d);
        int restarts = stochastic || o.Schedule == PackingSchedule.Single ? 1 : (o.Restarts ?? AutoRestarts(n, d));
        bool polish = !stochastic && o.Schedule == PackingSchedule.Auto && n <= HyperFaceOptions.FullBatchLimit && o.PolishSteps > 0;
        if (steps < 1 || restarts < 1 || o.EvalEvery < 1)
        {
            throw new FaceSynthDataException("--steps", $"steps ({steps}), restarts ({restarts}) and eval-every ({o.EvalEvery}) must be >= 1");
        }

        SamplerValidation.Positive(lr, "--learning-rate");
        SamplerValidation.Positive(o.Tau0, "--tau0");
        SamplerValidation.Positive(o.Tau1, "--tau1");
        if (stochastic && (o.BatchSize < 1 || o.Neighbours < 1 || o.RebuildEvery < 1 || o.GalleryNeighbours < 1))
        {
            throw new FaceSynthDataException("--batch-size", "batch size, neighbours, gallery neighbours and rebuild-every must be >= 1");
        }

        double target = o.TargetAngleDeg ?? (alpha == 0 ? KnownOptimum.Find(d, n)?.AngleDeg ?? double.NaN : double.NaN);
        var resolved = new Dictionary<string, object?>
        {
            ["target_angle_deg"] = double.IsNaN(target) ? null : target,
            ["schedule"] = o.Schedule.ToString(),
            ["loss"] = o.Schedule == PackingSchedule.Single ? o.Loss.ToString() : (stochastic ? "Soft" : "Soft+Global"),
            ["variant"] = stochastic ? "stochastic" : "full_batch",
            ["steps"] = steps,
            ["polish_steps"] = polish ? o.PolishSteps : 0,
            ["learning_rate"] = lr,
            ["learning_rate_floor"] = o.LearningRateFloor,
            ["beta1"] = o.Beta1,
            ["beta2"] = o.Beta2,
            ["epsilon"] = o.Epsilon,
            ["tau0"] = o.Schedule == PackingSchedule.Single ? o.Tau0 : 0.1,
            ["tau1"] = o.Schedule == PackingSchedule.Single ? o.Tau1 : 0.005,
            ["restarts"] = restarts,
            ["eval_every"] = o.EvalEvery,
            ["patience"] = o.Patience,
            ["alpha"] = alpha,
            ["project_gradient"] = o.ProjectGradient,
            ["batch_size"] = stochastic ? o.BatchSize : null,
            ["neighbours"] = stochastic ? o.Neighbours : null,
            ["gallery_neighbours"] = stochastic && alpha > 0 ? o.GalleryNeighbours : null,
            ["rebuild_every"] = stochastic ? o.RebuildEvery : null,
            ["initial"] = gallery is not null ? "gallery" : initial is not null ? "initial" : "uniform",
        };

        var clock = Stopwatch.StartNew();
        int threads = request.EffectiveThreads;
        long perRestart = steps + (polish ? o.PolishSteps : 0);
        var reporter = new ProgressReporter(progress, perRestart * restarts);
        var fingerprint = Fingerprint(request, resolved);
        Checkpoint? resume = null;
        string? cpDir = request.CheckpointDirectory;
        if (request.Resume && cpDir is not null && Checkpoint.Exists(cpDir))
        {
            resume = Checkpoint.Load(cpDir);
            if (resume.Header["fingerprint"]?.GetValue<string>() != fingerprint)
            {
                throw new FaceSynthDataException(cpDir, "the checkpoint was written with different inputs or options; remove it or rerun with the original ones");
            }
        }

        if (stochastic)
        {
            var x0 = InitialState(request, gallery, initial, 0);
            var packer = new StochasticPacker(x0, gallery, alpha, o, threads, request.Seed);
            var cpng = cpDir is null ? null : new PhaseCheckpointing(cpDir, o.CheckpointEvery, new JsonObject { ["fingerprint"] = fingerprint, ["stage"] = "stochastic" }, resume);
            var outcome = packer.Run(steps, lr, reporter, ct, cpng);
            return Result(outcome.Best, n, d, resolved, new RunSummary(outcome.Iterations, outcome.Stopped, outcome.BestIteration, clock.Elapsed, threads));
        }

        if (restarts == 1)
        {
            var x0 = InitialState(request, gallery, initial, 0);
            var (outcome, iterations) = RunRestart(x0, gallery, alpha, steps, lr, polish, threads, reporter, ct, cpDir, fingerprint, resume, target);
            return Result(outcome.Best, n, d, resolved, new RunSummary(iterations, outcome.Stopped, outcome.BestIteration, clock.Elapsed, threads));
        }

        // Small problems: restarts in parallel, one per thread, best chosen in restart order.
        var outcomes = new PhaseOutcome?[restarts];
        var iterationsDone = new long[restarts];
        var silent = new ProgressReporter(null, 0);
        long finished = 0;
        object gate = new();
        var best = PackingEvaluation.Worst;
        int stopAt = int.MaxValue;
        Parallel.For(0, restarts, new ParallelOptions { MaxDegreeOfParallelism = threads }, r =>
        {
            if (ct.IsCancellationRequested || r > Volatile.Read(ref stopAt))
            {
                return;
            }

            var x0 = InitialState(request, gallery, initial, r);
            var (outcome, iters) = RunRestart(x0, gallery, alpha, steps, lr, polish, 1, silent, ct, null, fingerprint, null, target);
            outcomes[r] = outcome;
            iterationsDone[r] = iters;
            lock (gate)
            {
                finished++;
                if (outcome.BestEval.MinAngleDeg >= target - 1e-4 && r < stopAt)
                {
                    stopAt = r;
                }

                if (outcome.BestEval.IsBetterThan(best))
                {
                    best = outcome.BestEval;
                }

                reporter.Report("restarts", finished * perRestart, null, best.MinAngleDeg, best.MeanNnAngleDeg, true,
                    new Dictionary<string, double> { ["restarts_done"] = finished });
            }
        });

        PhaseOutcome? chosen = null;
        for (int r = 0; r < restarts && r <= stopAt; r++)
        {
            var oc = outcomes[r];
            if (oc is not null && (chosen is null || oc.BestEval.IsBetterThan(chosen.BestEval)))
            {
                chosen = oc;
            }
        }

        if (chosen is null)
        {
            // Cancelled before any restart finished: return the initial state.
            var x0 = InitialState(request, gallery, initial, 0);
            return Result(x0.Data, n, d, resolved, new RunSummary(0, "cancelled", 0, clock.Elapsed, threads));
        }

        bool cancelled = ct.IsCancellationRequested || outcomes.Take(stopAt == int.MaxValue ? restarts : stopAt + 1).Any(oc => oc is null || oc.Stopped == "cancelled");
        string stopped = cancelled ? "cancelled" : stopAt < restarts ? "target" : chosen.Stopped;
        return Result(chosen.Best, n, d, resolved, new RunSummary(iterationsDone.Sum(), stopped, chosen.BestIteration, clock.Elapsed, threads));
    }

    private (PhaseOutcome Outcome, long Iterations) RunRestart(EmbeddingMatrix x0, EmbeddingMatrix? gallery, double alpha, int steps, double lr, bool polish,
        int threads, ProgressReporter reporter, CancellationToken ct, string? cpDir, string fingerprint, Checkpoint? resume, double target)
    {
        var o = Options;
        var packer = new FullBatchPacker(x0, gallery, alpha, o, threads) { Target = target };
        var phaseA = o.Schedule == PackingSchedule.Single
            ? new PackingPhase(o.Loss.ToString().ToLowerInvariant(), o.Loss, steps, o.Tau0, o.Tau1, lr)
            : new PackingPhase("soft", PackingLoss.Soft, steps, 0.1, 0.005, lr);
        string resumeStage = resume?.Header["stage"]?.GetValue<string>() ?? "";
        PhaseOutcome a;
        long offset = 0;
        if (resumeStage == "polish")
        {
            // Phase A had finished; its outcome was carried in the checkpoint.
            a = new PhaseOutcome(resume!.Get("a_best", x0.Data.Length),
                new PackingEvaluation(resume.Header["a_min_deg"]!.GetValue<double>(), resume.Header["a_mean_deg"]!.GetValue<double>()),
                resume.Header["a_best_iteration"]!.GetValue<long>(), resume.Header["a_iterations"]!.GetValue<long>(), "max_iterations");
        }
        else
        {
            var cpA = cpDir is null ? null : new PhaseCheckpointing(cpDir, o.CheckpointEvery, new JsonObject { ["fingerprint"] = fingerprint, ["stage"] = phaseA.Stage }, resume);
            a = packer.Run(phaseA, reporter, ct, cpA);
            if (a.Stopped is "cancelled" or "target" || !polish)
            {
                return (a, a.Iterations);
            }
        }

        offset = a.Iterations;
        reporter.Offset += steps;
        Array.Copy(a.Best, x0.Data, a.Best.Length);
        var phaseB = new PackingPhase("global", PackingLoss.Global, o.PolishSteps, 0.1, 1e-4, 3 * lr);
        JsonObject identity = new()
        {
            ["fingerprint"] = fingerprint,
            ["stage"] = "polish",
            ["a_min_deg"] = a.BestEval.MinAngleDeg,
            ["a_mean_deg"] = a.BestEval.MeanNnAngleDeg,
            ["a_best_iteration"] = a.BestIteration,
            ["a_iterations"] = a.Iterations,
        };
        PhaseCheckpointing? cpB = null;
        if (cpDir is not null)
        {
            cpB = new PhaseCheckpointing(cpDir, o.CheckpointEvery, identity, resumeStage == "polish" ? resume : null)
            {
                Carry = new Dictionary<string, float[]> { ["a_best"] = a.Best },
            };
        }

        var b = packer.Run(phaseB, reporter, ct, cpB);
        var better = b.BestEval.IsBetterThan(a.BestEval) ? b : a;
        string stopped = b.Stopped == "cancelled" ? "cancelled" : better.Stopped;
        return (better with { Stopped = stopped }, offset + b.Iterations);
    }

    /// <summary>The state restart <paramref name="r"/> starts from (SYNTHESIS.md 3.2.3).</summary>
    internal static EmbeddingMatrix InitialState(IdentityRequest request, EmbeddingMatrix? gallery, EmbeddingMatrix? initial, int r)
    {
        int n = request.Count, d = request.Dim;
        if (gallery is not null)
        {
            var rng = r == 0 ? new SynthRandom(request.Seed, "hyperface/init") : new SynthRandom(request.Seed, "hyperface/restart", (ulong)r);
            return GallerySubset(gallery, n, ref rng);
        }

        if (r == 0)
        {
            return initial?.Clone() ?? UniformSampler.Sample(n, d, request.Seed);
        }

        var stream = new SynthRandom(request.Seed, "hyperface/restart", (ulong)r);
        var x = new EmbeddingMatrix(n, d);
        for (int i = 0; i < n; i++)
        {
            do
            {
                stream.FillNormal(x.Row(i));
            }
            while (!SphereMath.Normalize(x.Row(i)));
        }

        return x;
    }

    /// <summary>N distinct gallery rows by a partial Fisher-Yates shuffle.</summary>
    internal static EmbeddingMatrix GallerySubset(EmbeddingMatrix gallery, int n, ref SynthRandom rng)
    {
        var order = Enumerable.Range(0, gallery.Rows).ToArray();
        var x = new EmbeddingMatrix(n, gallery.Dim);
        for (int i = 0; i < n; i++)
        {
            int j = i + (int)(rng.Uniform() * (gallery.Rows - i));
            (order[i], order[j]) = (order[j], order[i]);
            gallery.Row(order[i]).CopyTo(x.Row(i));
        }

        return x;
    }

    private static SamplerResult Result(float[] best, int n, int d, Dictionary<string, object?> resolved, RunSummary run)
    {
        var x = new EmbeddingMatrix((float[])best.Clone(), n, d);
        x.NormalizeRows();
        return new SamplerResult(x, resolved, run, Method);
    }

    private static string Fingerprint(IdentityRequest request, Dictionary<string, object?> resolved)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(request.Count).Append('|').Append(request.Dim).Append('|').Append(request.Seed);
        foreach (var (k, v) in resolved.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append('|').Append(k).Append('=').Append(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var m in new[] { request.Gallery, request.Initial, request.Constants })
        {
            sb.Append('|').Append(m is null ? "-" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.Data.AsSpan()))));
        }

        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
