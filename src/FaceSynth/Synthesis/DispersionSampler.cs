using System.Diagnostics;
using System.Numerics.Tensors;
using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>
/// Dispersion variations (Geissbuhler et al., ICML 2025, adapted in SYNTHESIS.md 4.1): per identity, A unit
/// variations attracted to the reference and repelling each other within angular radius r0, with noise. Identities
/// are independent and run in parallel; each uses only its own streams, so the result is thread-count independent.
/// </summary>
public sealed class DispersionSampler : IVariationSampler
{
    private const double S = 0.999999;

    /// <summary>Creates the sampler.</summary>
    public DispersionSampler(DispersionOptions? options = null) => Options = options ?? new DispersionOptions();

    /// <summary>Options.</summary>
    public DispersionOptions Options { get; }

    /// <inheritdoc />
    public string Name => "dispersion";

    /// <inheritdoc />
    public VariationResult Run(EmbeddingMatrix references, int perIdentity, ulong seed, IProgress<SamplerProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(references);
        VariationChecks.Check(references, perIdentity);
        var o = Options;
        SamplerValidation.NonNegative(o.Ke, "--ke");
        SamplerValidation.NonNegative(o.Kv, "--kv");
        SamplerValidation.Positive(o.R0, "--r0");
        SamplerValidation.Positive(o.Mu, "--mu");
        SamplerValidation.NonNegative(o.Eta0, "--eta0");
        SamplerValidation.NonNegative(o.Sigma0, "--sigma0");
        if (o.Iterations < 0 || o.Dt == 0)
        {
            throw new FaceSynthDataException("--steps", "iterations must be >= 0 and dt non-zero");
        }

        int n = references.Rows, d = references.Dim, a = perIdentity;
        var x = SphereMath.CheckedUnitCopy(references, d, "--identities");
        var sw = Stopwatch.StartNew();
        double r0 = o.R0;
        double? achieved = null;
        if (o.TargetMeanCosToReference is double target)
        {
            if (!(target > 0 && target < 1))
            {
                throw new FaceSynthDataException("--target-cos", $"must be in (0, 1), got {target}");
            }

            (r0, achieved) = Calibrate(x, a, seed, target, ct);
        }

        var v = new float[checked(n * a * d)];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, () => new Workspace(a, d), (i, _, ws) =>
        {
            Identity(x.Row(i), i, a, seed, r0, v.AsSpan(i * a * d, a * d), ws);
            return ws;
        }, _ => { });
        var opts = new Dictionary<string, object?>
        {
            ["ke"] = o.Ke,
            ["kv"] = o.Kv,
            ["r0"] = r0,
            ["eta0"] = o.Eta0,
            ["dt"] = o.Dt,
            ["mu"] = o.Mu,
            ["sigma0"] = o.Sigma0,
            ["iterations"] = o.Iterations,
            ["target_mean_cos_to_reference"] = o.TargetMeanCosToReference,
            ["calibrated_mean_cos"] = achieved,
        };
        progress?.Report(new SamplerProgress("dispersion", o.Iterations, o.Iterations, sw.Elapsed, null, null, null, true, new Dictionary<string, double>()));
        return new VariationResult(v, n, a, d, opts, new RunSummary(o.Iterations, "max_iterations", o.Iterations, sw.Elapsed, Environment.ProcessorCount),
            "Dispersion (Geissbuhler, Otroshi Shahreza & Marcel, ICML 2025), FaceSynth embedding-space adaptation");
    }

    /// <summary>Bisection on r0 in [0.01, pi] on the first min(N, 64) identities (mean cosine falls as r0 grows).</summary>
    private (double R0, double Achieved) Calibrate(EmbeddingMatrix x, int a, ulong seed, double target, CancellationToken ct)
    {
        int m = Math.Min(x.Rows, 64), d = x.Dim;
        var buf = new float[m * a * d];
        double lo = 0.01, hi = Math.PI, mid = 0, got = 0;
        for (int step = 0; step < 40; step++)
        {
            ct.ThrowIfCancellationRequested();
            mid = 0.5 * (lo + hi);
            double r = mid;
            Parallel.For(0, m, () => new Workspace(a, d), (i, _, ws) =>
            {
                Identity(x.Row(i), i, a, seed, r, buf.AsSpan(i * a * d, a * d), ws);
                return ws;
            }, _ => { });
            double sum = 0;
            for (int i = 0; i < m; i++)
            {
                for (int k = 0; k < a; k++)
                {
                    sum += SphereMath.DotDouble(buf.AsSpan(((i * a) + k) * d, d), x.Row(i));
                }
            }

            got = sum / (m * a);
            if (Math.Abs(got - target) < 1e-3)
            {
                break;
            }

            if (got > target)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return (mid, got);
    }

    private sealed class Workspace(int a, int d)
    {
        public EmbeddingMatrix V { get; } = new(a, d);

        public float[] Force { get; } = new float[a * d];

        public float[] Noise { get; } = new float[d];

        public PairwisePass Pass { get; } = new(1);
    }

    private void Identity(ReadOnlySpan<float> xi, int i, int a, ulong seed, double r0, Span<float> output, Workspace ws)
    {
        var o = Options;
        int d = xi.Length;
        var v = ws.V;
        for (int k = 0; k < a; k++)
        {
            var row = v.Row(k);
            var rng = new SynthRandom(seed, "dispersion/init", (ulong)i, (ulong)k);
            SphereMath.TangentNoise(ref rng, xi, row);
            TensorPrimitives.Multiply(row, (float)o.Sigma0, row);
            TensorPrimitives.Add(row, xi, row);
            SphereMath.Normalize(row);
        }

        double cosR0 = Math.Cos(r0);
        var force = ws.Force;
        var norms = new double[a];
        for (int it = 1; it <= o.Iterations; it++)
        {
            Array.Clear(force);
            var scalars = new double[a];

            // Repulsion among the A variations: weights -c_ab and the v_a coefficient sum c_ab cos_ab.
            ws.Pass.Run(v, v, (r0b, rc, c0, cc, sims, w) =>
            {
                bool any = false;
                for (int r = 0; r < rc; r++)
                {
                    for (int c = 0; c < cc; c++)
                    {
                        if (r0b + r == c0 + c)
                        {
                            continue;
                        }

                        double cos = sims[(r * cc) + c], sc = S * cos;
                        if (sc <= cosR0)
                        {
                            continue;
                        }

                        double coef = o.Kv * (r0 - Math.Acos(Math.Clamp(sc, -1, 1))) * S / Math.Sqrt(Math.Max(1e-30, 1 - (sc * sc)));
                        w[(r * cc) + c] = (float)-coef;
                        scalars[r0b + r] += coef * cos;
                        any = true;
                    }
                }

                return any;
            }, force, CancellationToken.None);

            double fmax = 0;
            for (int k = 0; k < a; k++)
            {
                var row = v.Row(k);
                var f = force.AsSpan(k * d, d);
                double cos = SphereMath.DotDouble(row, xi), sc = S * cos;
                double theta = Math.Acos(Math.Clamp(sc, -1, 1));
                double coefE = -(o.Ke / 2) * theta * S / Math.Sqrt(Math.Max(1e-30, 1 - (sc * sc)));

                // F_e = coefE (cos v_a - x_i) plus the repulsion's v_a coefficient.
                TensorPrimitives.MultiplyAdd(row, (float)((coefE * cos) + scalars[k]), f, f);
                TensorPrimitives.MultiplyAdd(xi, (float)-coefE, f, f);
                norms[k] = SphereMath.NormDouble(f);
                fmax = Math.Max(fmax, norms[k]);
            }

            double dt = o.Dt > 0 ? o.Dt : fmax > 0 ? -o.Dt * o.Mu * Math.Min(r0, MinAngle(v)) / fmax : 1.0;
            float step = (float)(dt / o.Mu);
            for (int k = 0; k < a; k++)
            {
                var row = v.Row(k);
                var rng = new SynthRandom(seed, "dispersion/noise", (ulong)it, (ulong)((i * a) + k));
                SphereMath.TangentNoise(ref rng, row, ws.Noise);
                var f = force.AsSpan(k * d, d);
                TensorPrimitives.MultiplyAdd(ws.Noise, (float)o.Eta0, f, f);
                TensorPrimitives.MultiplyAdd(f, step, row, row);
            }

            for (int k = 0; k < a; k++)
            {
                SphereMath.Normalize(v.Row(k));
            }
        }

        v.Data.AsSpan(0, a * d).CopyTo(output);
    }

    private static double MinAngle(EmbeddingMatrix v)
    {
        double maxCos = -1;
        for (int p = 0; p < v.Rows; p++)
        {
            for (int q = p + 1; q < v.Rows; q++)
            {
                maxCos = Math.Max(maxCos, TensorPrimitives.Dot(v.Row(p), v.Row(q)));
            }
        }

        return Math.Acos(Math.Clamp(maxCos, -1, 1));
    }
}
