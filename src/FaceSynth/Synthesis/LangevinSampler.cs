using System.Diagnostics;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>
/// Langevin soft-particle repulsion on the sphere (Geissbuhler et al., ICML 2025, adapted in SYNTHESIS.md 3.3.2):
/// one-sided harmonic potential on angular distance with radius d0, adaptive time step, tangent Brownian noise,
/// optional repulsion from fixed constants and pull to a gallery. Returns the state after the last iteration.
/// </summary>
public sealed class LangevinSampler : IIdentitySampler
{
    /// <summary>The paper's scale inside arccos, keeping the gradient finite at coincident points.</summary>
    internal const double S = 0.999999;

    /// <summary>Creates the sampler.</summary>
    public LangevinSampler(LangevinOptions? options = null) => Options = options ?? new LangevinOptions();

    /// <summary>Options as given.</summary>
    public LangevinOptions Options { get; }

    /// <inheritdoc />
    public string Name => "langevin";

    /// <summary>Manifest method line.</summary>
    public const string Method = "Langevin soft-particle repulsion (Geissbuhler, Otroshi Shahreza & Marcel, ICML 2025), FaceSynth embedding-space adaptation";

    /// <inheritdoc />
    public SamplerResult Run(IdentityRequest request, IProgress<SamplerProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        int n = request.Count, d = request.Dim;
        SamplerValidation.CheckShape(n, d);
        var o = Options;
        SamplerValidation.Positive(o.K, "--k");
        SamplerValidation.Positive(o.D0, "--d0");
        SamplerValidation.Positive(o.Mu, "--mu");
        SamplerValidation.NonNegative(o.Eta0, "--eta0");
        SamplerValidation.NonNegative(o.Kg, "--kg");
        SamplerValidation.Positive(o.DtMax, "--dt-max");
        if (!(o.Skin >= 0) || !double.IsFinite(o.Skin))
        {
            throw new FaceSynthDataException("--skin-deg", $"must be a finite angle >= 0, got {o.Skin * 180 / Math.PI:0.###} degrees");
        }
        if (o.TimeStep == 0 || !double.IsFinite(o.TimeStep))
        {
            throw new FaceSynthDataException("--time-step", "must be non-zero (negative = adaptive)");
        }

        if (o.Iterations < 1)
        {
            throw new FaceSynthDataException("--steps", $"must be >= 1, got {o.Iterations}");
        }

        var gallery = request.Gallery is null ? null : SphereMath.CheckedUnitCopy(request.Gallery, d, "--gallery");
        var constants = request.Constants is null ? null : SphereMath.CheckedUnitCopy(request.Constants, d, "--constants");
        double kc = o.Kc ?? o.K;
        double d0c = constants is null ? 0 : o.D0c ?? o.D0;
        if (constants is not null)
        {
            CheckConstantsFeasible(constants, d0c, request.Seed);
        }

        if (o.Kg > 0 && gallery is null)
        {
            throw new FaceSynthDataException("--kg", "a gallery pull needs a --gallery");
        }

        var resolved = new Dictionary<string, object?>
        {
            ["k"] = o.K,
            ["d0"] = o.D0,
            ["time_step"] = o.TimeStep,
            ["mu"] = o.Mu,
            ["eta0"] = o.Eta0,
            ["kc"] = constants is null ? null : kc,
            ["d0c"] = d0c,
            ["kg"] = o.Kg,
            ["dt_max"] = o.DtMax,
            ["iterations"] = o.Iterations,
            ["initial"] = gallery is not null ? "gallery" : request.Initial is not null ? "initial" : "uniform",
        };

        var initial = request.Initial is null ? null : SphereMath.CheckedUnitCopy(request.Initial, d, "initial state");
        if (gallery is not null && gallery.Rows < n)
        {
            throw new FaceSynthDataException("--gallery", $"has {gallery.Rows} rows; at least --count = {n} are needed to initialise from it");
        }

        var x = HyperFaceSampler.InitialState(request, gallery, initial, 0);
        var clock = Stopwatch.StartNew();
        int threads = request.EffectiveThreads;
        var reporter = new ProgressReporter(progress, o.Iterations);
        int every = ProgressReporter.Every(o.ProgressEvery, o.Iterations);
        string fingerprint = string.Join('|', n, d, request.Seed, string.Join(',', resolved.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        // The lists never change the result, so a run may resume with them switched (not part of the fingerprint).
        bool useLists = o.NeighbourLists == NeighbourListMode.On || (o.NeighbourLists == NeighbourListMode.Auto && (n > 4096 || constants is not null));
        resolved["neighbour_lists"] = useLists ? "on" : "off";
        resolved["skin"] = o.Skin;
        int start = 1;
        string? cpDir = request.CheckpointDirectory;
        if (request.Resume && cpDir is not null && Checkpoint.Exists(cpDir))
        {
            var cp = Checkpoint.Load(cpDir);
            if (cp.Header["fingerprint"]?.GetValue<string>() != fingerprint)
            {
                throw new FaceSynthDataException(cpDir, "the checkpoint was written with different inputs or options");
            }

            Array.Copy(cp.Get("x", n * d), x.Data, n * d);
            start = (int)cp.Header["iteration"]!.GetValue<long>() + 1;
        }

        var pass = new PairwisePass(threads);
        var constPass = new PairwisePass(threads);
        var force = new float[n * d];
        var rowScalar = new double[n];
        var rowMaxCos = new float[n];
        var constScalar = new double[n];
        var lists = useLists ? new LangevinNeighbourLists(n, d, threads, constants, o.K, o.D0, kc, d0c, o.Skin, o.SuppressRebuilds) : null;
        var galleryStats = gallery is null || o.Kg == 0 ? null : new RowStatistics(n);
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads };
        string stopped = "max_iterations";
        int it = start;
        double cosD0 = Math.Cos(o.D0), cosD0c = Math.Cos(d0c);
        void Save(int iteration)
        {
            if (cpDir is null)
            {
                return;
            }

            var cp = new Checkpoint();
            cp.Header["fingerprint"] = fingerprint;
            cp.Header["iteration"] = (long)iteration;
            cp.Arrays["x"] = (float[])x.Data.Clone();
            cp.Save(cpDir);
        }

        try
        {
            for (; it <= o.Iterations; it++)
            {
                ct.ThrowIfCancellationRequested();
                Array.Clear(force);
                Array.Clear(rowScalar);
                Array.Clear(constScalar);
                Array.Fill(rowMaxCos, float.NegativeInfinity);
                bool exact = true;
                if (lists is not null)
                {
                    exact = lists.Forces(x, force, rowScalar, rowMaxCos, constScalar, ct);
                }
                else
                {
                    pass.Run(x, x, (r0, rc, c0, cc, sims, w) => Repulsion(r0, rc, c0, cc, sims, w, true, o.K, o.D0, cosD0, rowScalar, rowMaxCos), force, ct);
                }

                if (constants is not null && lists is null)
                {
                    constPass.Run(x, constants, (r0, rc, c0, cc, sims, w) => Repulsion(r0, rc, c0, cc, sims, w, false, kc, d0c, cosD0c, constScalar, null), force, ct);
                }

                galleryStats?.Compute(pass, x, gallery!, false, 0, ct);
                var norms = new double[n];
                Parallel.For(0, n, po, i =>
                {
                    var f = force.AsSpan(i * d, d);
                    var xi = x.Data.AsSpan(i * d, d);
                    TensorPrimitives.MultiplyAdd(xi, (float)(rowScalar[i] + constScalar[i]), f, f);
                    if (galleryStats is not null)
                    {
                        var g = gallery!.Data.AsSpan(galleryStats.ArgMax[i] * d, d);
                        double c = galleryStats.Max[i];
                        double theta = Math.Acos(Math.Clamp(S * c, -1, 1));
                        double sn = Math.Sqrt(Math.Max(1e-30, 1 - (S * S * c * c)));
                        double coef = -o.Kg * theta * S / sn; // -kg * theta * u_ig, u_ig = s (c x_i - g) / sn
                        TensorPrimitives.MultiplyAdd(xi, (float)(coef * c), f, f);
                        TensorPrimitives.MultiplyAdd(g, (float)-coef, f, f);
                    }

                    norms[i] = SphereMath.NormDouble(f);
                });

                double maxCos = double.NegativeInfinity;
                double fmax = 0;
                for (int i = 0; i < n; i++)
                {
                    maxCos = Math.Max(maxCos, rowMaxCos[i]);
                    fmax = Math.Max(fmax, norms[i]);
                }

                double thetaMin = Math.Min(o.D0, Math.Acos(Math.Clamp(S * maxCos, -1, 1)));
                double dt = o.TimeStep > 0 ? o.TimeStep : fmax > 0 ? Math.Min(o.DtMax, -o.TimeStep * o.Mu * thetaMin / fmax) : o.DtMax;
                if ((it - 1) % every == 0 && reporter.Enabled)
                {
                    // Between list builds the row maxima cover the lists only: the minimum angle is exact below d0, the mean is not known.
                    var ev = Evaluate(x, rowMaxCos);
                    var extra = new Dictionary<string, double> { ["dt"] = dt, ["fmax"] = fmax };
                    if (lists is not null)
                    {
                        extra["nl_builds"] = lists.Builds;
                        extra["nl_mean_length"] = lists.CurrentLength;
                        if (constants is not null)
                        {
                            extra["cl_builds"] = lists.ConstantBuilds;
                        }
                    }

                    reporter.Report("langevin", it - 1, null, ev.MinAngleDeg, exact ? ev.MeanNnAngleDeg : null, exact, extra);
                }

                float drift = (float)(dt / o.Mu), noise = (float)(Math.Sqrt(dt) / o.Mu * o.Eta0);
                int iteration = it;
                Parallel.For(0, n, po, () => new float[d], (i, _, xi) =>
                {
                    var row = x.Row(i);
                    var rng = new SynthRandom(request.Seed, "langevin/noise", (ulong)iteration, (ulong)i);
                    SphereMath.TangentNoise(ref rng, row, xi);
                    TensorPrimitives.MultiplyAdd(force.AsSpan(i * d, d), drift, row, row);
                    TensorPrimitives.MultiplyAdd(xi, noise, row, row);
                    SphereMath.Normalize(row);
                    return xi;
                }, _ => { });
                if (o.CheckpointEvery > 0 && it % o.CheckpointEvery == 0 && it < o.Iterations)
                {
                    Save(it);
                }
            }
        }
        catch (OperationCanceledException)
        {
            stopped = "cancelled";
            Save(it - 1);
        }

        var final = PackingMetrics.MinAngleDeg(x, threads);
        reporter.Report("langevin", it - 1, null, final, null, true);
        if (lists is not null)
        {
            resolved["neighbour_list_builds"] = lists.Builds;
            resolved["neighbour_list_mean_length"] = lists.MeanLength;
            if (constants is not null)
            {
                resolved["constant_list_builds"] = lists.ConstantBuilds;
                resolved["constant_list_mean_length"] = lists.ConstantMeanLength;
            }
        }

        return new SamplerResult(x, resolved, new RunSummary(it - 1, stopped, it - 1, clock.Elapsed, threads), Method);
    }

    private static PackingEvaluation Evaluate(EmbeddingMatrix x, float[] rowMaxCos)
    {
        double sum = 0, max = double.NegativeInfinity;
        foreach (float c in rowMaxCos)
        {
            sum += SphereMath.AngleDeg(c);
            max = Math.Max(max, c);
        }

        return new PackingEvaluation(SphereMath.AngleDeg(max), sum / x.Rows);
    }

    /// <summary>
    /// Pair forces of one block: weights -a_ij (accumulated as -sum a_ij y_j) and row sums sum a_ij c_ij (the x_i
    /// coefficient), with a_ij = k (r - theta_ij) s / sqrt(1 - s^2 c_ij^2) for theta_ij &lt; r.
    /// </summary>
    internal static bool Repulsion(int r0, int rc, int c0, int cc, ReadOnlySpan<float> sims, Span<float> w, bool self, double k, double radius,
        double cosRadius, double[] rowScalar, float[]? rowMaxCos)
    {
        bool any = false;
        for (int r = 0; r < rc; r++)
        {
            int i = r0 + r;
            var row = sims.Slice(r * cc, cc);
            double scalar = 0;
            float rowMax = rowMaxCos is null ? 0 : rowMaxCos[i];
            for (int c = 0; c < cc; c++)
            {
                if (self && c0 + c == i)
                {
                    continue;
                }

                double cos = row[c];
                if (rowMaxCos is not null && row[c] > rowMax)
                {
                    rowMax = row[c];
                }

                double sc = S * cos;
                if (sc <= cosRadius)
                {
                    continue;
                }

                double a = PairCoefficient(sc, k, radius);
                w[(r * cc) + c] = (float)-a;
                scalar += a * cos;
                any = true;
            }

            rowScalar[i] += scalar;
            if (rowMaxCos is not null)
            {
                rowMaxCos[i] = rowMax;
            }
        }

        return any;
    }

    /// <summary>a = k (r - θ) s / sqrt(1 - s^2 c^2) for sc = s c; the one expression both force paths evaluate.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double PairCoefficient(double sc, double k, double radius)
    {
        double theta = Math.Acos(Math.Clamp(sc, -1, 1));
        return k * (radius - theta) * S / Math.Sqrt(Math.Max(1e-30, 1 - (sc * sc)));
    }

    /// <summary>
    /// Rejects constants whose exclusion caps leave no room: radius outside (0, 90] degrees, or no probe point of
    /// 4,096 uniform ones lying outside every cap.
    /// </summary>
    internal static void CheckConstantsFeasible(EmbeddingMatrix constants, double radius, ulong seed)
    {
        if (!(radius > 0) || radius > (Math.PI / 2) + 1e-12)
        {
            throw new FaceSynthDataException("--constants-radius", $"{radius * 180 / Math.PI:0.###} degrees is infeasible: the exclusion radius must be in (0, 90] degrees");
        }

        var probes = UniformSampler.Sample(4096, constants.Dim, seed, "langevin/feasibility");
        var top = Similarity.SimilarityKernel.TopK(probes, constants, 1);
        double cosR = Math.Cos(radius);
        int free = 0;
        for (int p = 0; p < probes.Rows; p++)
        {
            if (top.ScoresOf(p)[0] <= cosR)
            {
                free++;
            }
        }

        if (free == 0)
        {
            throw new FaceSynthDataException("--constants", $"infeasible: {constants.Rows} constants with exclusion radius {radius * 180 / Math.PI:0.###} degrees cover the sphere (none of 4,096 uniform probe points lies outside every cap); use a smaller radius");
        }
    }
}
