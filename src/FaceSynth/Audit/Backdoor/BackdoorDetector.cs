using FaceSynth.Audit.Translation;
using FaceSynth.Embeddings;
using FaceSynth.Metrics;

namespace FaceSynth.Audit.Backdoor;

/// <summary>How pair suspicion compares the probe model with the reference model.</summary>
public enum PairScoreMode
{
    /// <summary>sp = cos(T(e_p(x1)), T(e_p(x2))) with the fitted translation T.</summary>
    Translated,

    /// <summary>sp = cos(e_p(x1), e_p(x2)).</summary>
    Native,
}

/// <summary>Detection quality on labelled clean (negative) and triggered (positive) suspicion scores (AUDIT.md 5.3).</summary>
/// <param name="Auc">Exact AUC (ties count one half).</param>
/// <param name="Eer">EER (bob).</param>
/// <param name="TprAtFpr">TPR at each FPR target (threshold by far_threshold on the clean scores).</param>
/// <param name="Clean">Clean inputs.</param>
/// <param name="Triggered">Triggered inputs.</param>
public sealed record BackdoorEvaluation(double Auc, double Eer, IReadOnlyDictionary<double, double> TprAtFpr, int Clean, int Triggered);

/// <summary>Model-level test on an unlabelled probe set (AUDIT.md 5.3).</summary>
/// <param name="Inputs">n.</param>
/// <param name="Flagged">k.</param>
/// <param name="FlaggedFraction">k / n.</param>
/// <param name="Rate">q.</param>
/// <param name="PValue">P(X &gt;= k | n, q).</param>
public sealed record BackdoorModelTest(int Inputs, int Flagged, double FlaggedFraction, double Rate, double PValue);

/// <summary>
/// Backdoor detection by model pairing (AUDIT.md 5.2): an affine translation from the probe model's space into the
/// reference model's, fitted on clean data; inputs on which the two models disagree are suspicious.
/// </summary>
public sealed class BackdoorDetector
{
    private BackdoorDetector(LinearTranslator translator, AdapterFit fit)
    {
        Translator = translator;
        Fit = fit;
    }

    /// <summary>The fitted translation W e + c.</summary>
    public LinearTranslator Translator { get; }

    /// <summary>Fit summary (λ, validation mean cosine, split).</summary>
    public AdapterFit Fit { get; }

    /// <summary>Suspicion threshold τ_u (set by <see cref="Calibrate"/>).</summary>
    public double? Threshold { get; private set; }

    /// <summary>Fits the translation on clean row-aligned probe/reference embeddings (ridge with bias, unit rows).</summary>
    public static BackdoorDetector Train(EmbeddingMatrix probeClean, EmbeddingMatrix referenceClean, IReadOnlyList<string>? subjects = null, ulong seed = 7)
    {
        var fit = AdapterTrainer.Fit(probeClean, referenceClean, subjects, new AdapterOptions { Kind = AdapterKind.Linear, Seed = seed, TrainFraction = 0.9, ValidationFraction = 0.1 });
        return new BackdoorDetector((LinearTranslator)fit.Translator, fit);
    }

    /// <summary>Per-input agreement s(x) = cos(W e_p + c, e_r) and suspicion u = 1 - s.</summary>
    public (double[] Agreement, double[] Suspicion) ScoreSamples(EmbeddingMatrix probe, EmbeddingMatrix reference)
    {
        var (p, r) = AdapterTrainer.Prepare(probe, reference, normalizeInput: true);
        var s = new double[p.Rows];
        var u = new double[p.Rows];
        var y = new float[Translator.OutputDim];
        for (int i = 0; i < p.Rows; i++)
        {
            Translator.Translate(p.Row(i), y, 1);
            s[i] = AdapterTrainer.Cosine(y, r.Row(i));
            u[i] = 1 - s[i];
        }

        return (s, u);
    }

    /// <summary>Pair suspicion |sp - sr| for image pairs (rows a[k], b[k]) of the two models.</summary>
    public (double[] Sp, double[] Sr, double[] Suspicion) ScorePairs(EmbeddingMatrix probe, EmbeddingMatrix reference, IReadOnlyList<(int A, int B)> pairs, PairScoreMode mode = PairScoreMode.Translated)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var (p, r) = AdapterTrainer.Prepare(probe, reference, normalizeInput: true);
        var t = new float[p.Rows * Translator.OutputDim];
        if (mode == PairScoreMode.Translated)
        {
            Translator.Translate(p.Data, t, p.Rows);
        }

        var sp = new double[pairs.Count];
        var sr = new double[pairs.Count];
        var u = new double[pairs.Count];
        int q = Translator.OutputDim;
        for (int k = 0; k < pairs.Count; k++)
        {
            var (a, b) = pairs[k];
            sp[k] = mode == PairScoreMode.Translated
                ? AdapterTrainer.Cosine(t.AsSpan(a * q, q), t.AsSpan(b * q, q))
                : AdapterTrainer.Cosine(p.Row(a), p.Row(b));
            sr[k] = AdapterTrainer.Cosine(r.Row(a), r.Row(b));
            u[k] = Math.Abs(sp[k] - sr[k]);
        }

        return (sp, sr, u);
    }

    /// <summary>Sets τ_u = far_threshold of held-out clean suspicions at rate q (at most q of clean inputs flagged).</summary>
    public double Calibrate(ReadOnlySpan<double> cleanSuspicion, double rate = 0.01)
    {
        if (cleanSuspicion.Length < 2)
        {
            throw new FaceSynthDataException("clean calibration inputs", $"at least two clean inputs are needed, got {cleanSuspicion.Length}");
        }

        Threshold = BobMeasure.FarThreshold(cleanSuspicion, [], rate);
        return Threshold.Value;
    }

    /// <summary>AUC, EER and TPR at FPR targets on labelled suspicion scores.</summary>
    public static BackdoorEvaluation Evaluate(ReadOnlySpan<double> clean, ReadOnlySpan<double> triggered, IReadOnlyList<double>? fprs = null)
    {
        if (clean.Length < 2 || triggered.Length < 1)
        {
            throw new FaceSynthDataException("labelled inputs", $"evaluation needs at least two clean and one triggered input (got {clean.Length} and {triggered.Length})");
        }

        fprs ??= [1e-2, 1e-3];
        var tpr = new SortedDictionary<double, double>();
        foreach (double f in fprs)
        {
            double tau = BobMeasure.FarThreshold(clean, triggered, f);
            int hits = 0;
            foreach (double s in triggered)
            {
                hits += s >= tau ? 1 : 0;
            }

            tpr[f] = (double)hits / triggered.Length;
        }

        return new BackdoorEvaluation(BobMeasure.MannWhitneyAuc(clean, triggered), BobMeasure.Eer(clean, triggered).Eer, tpr, clean.Length, triggered.Length);
    }

    /// <summary>Flags inputs with u &gt;= τ_u and tests the flagged count against the clean rate q (binomial tail).</summary>
    public BackdoorModelTest TestModel(ReadOnlySpan<double> suspicion, double rate = 0.01)
    {
        double tau = Threshold ?? throw new InvalidOperationException("call Calibrate first");
        int k = 0;
        foreach (double u in suspicion)
        {
            k += u >= tau ? 1 : 0;
        }

        return new BackdoorModelTest(suspicion.Length, k, suspicion.Length == 0 ? double.NaN : (double)k / suspicion.Length, rate, BinomialUpperTail(k, suspicion.Length, rate));
    }

    /// <summary>P(X &gt;= k) for X ~ Binomial(n, q), summed in log space.</summary>
    public static double BinomialUpperTail(int k, int n, double q)
    {
        if (k <= 0)
        {
            return 1;
        }

        if (k > n || q <= 0)
        {
            return 0;
        }

        if (q >= 1)
        {
            return 1;
        }

        double logQ = Math.Log(q), log1Q = NullModel.Log1P(-q);
        double logTerm = LogChoose(n, k) + (k * logQ) + ((n - k) * log1Q);
        double sum = 0;
        for (int x = k; x <= n; x++)
        {
            sum += Math.Exp(logTerm);
            logTerm += Math.Log((double)(n - x) / (x + 1)) + logQ - log1Q;
            if (x > n * q && Math.Exp(logTerm) < sum * 1e-17)
            {
                break;
            }
        }

        return Math.Min(1, sum);
    }

    private static double LogChoose(int n, int k)
    {
        double s = 0;
        for (int i = 1; i <= k; i++)
        {
            s += Math.Log((double)(n - k + i) / i);
        }

        return s;
    }
}
