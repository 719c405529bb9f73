using FaceSynth.Audit.Leakage;
using FaceSynth.Embeddings;
using FaceSynth.Metrics;
using FaceSynth.Protocols;
using FaceSynth.Synthesis;

namespace FaceSynth.Audit.Translation;

/// <summary>Verification quality of one score type (AUDIT.md 3.4).</summary>
/// <param name="Name">"cross", "within_target" or "within_source".</param>
/// <param name="Genuine">Genuine pairs.</param>
/// <param name="Impostor">Impostor pairs.</param>
/// <param name="Eer">EER (bob).</param>
/// <param name="Thresholds">Thresholds at FMR 1e-2 and 1e-3 with TMR.</param>
/// <param name="KFoldAccuracy">10-fold accuracy on a balanced list (NaN when too few pairs).</param>
/// <param name="KFoldPairs">Pairs in the balanced list.</param>
public sealed record VerificationQuality(string Name, long Genuine, long Impostor, double Eer, IReadOnlyList<FmrThreshold> Thresholds, double KFoldAccuracy, int KFoldPairs);

/// <summary>Test-split evaluation of a translator.</summary>
/// <param name="TestRows">Rows evaluated.</param>
/// <param name="Fidelity">Distribution of cos(ŷ_n, y_n).</param>
/// <param name="Baseline">Distribution of cos(x_n, y_n) when p = q (null otherwise).</param>
/// <param name="Verification">Cross, within-target and within-source quality (empty without labelled pairs).</param>
public sealed record AdapterEvaluation(int TestRows, ScoreSummary Fidelity, ScoreSummary? Baseline, IReadOnlyList<VerificationQuality> Verification);

/// <summary>Evaluates a translator on held-out rows (AUDIT.md 3.4).</summary>
public static class AdapterEvaluator
{
    /// <summary>Most pairs scored per score type before drawing.</summary>
    public const long MaxPairs = 10_000_000;

    /// <summary>Evaluates on <paramref name="rows"/> of the row-aligned sets.</summary>
    public static AdapterEvaluation Evaluate(IEmbeddingTranslator translator, EmbeddingMatrix source, EmbeddingMatrix target, IReadOnlyList<string>? subjects, IReadOnlyList<int> rows, bool normalizeInput = true, ulong seed = 7)
    {
        ArgumentNullException.ThrowIfNull(translator);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            throw new FaceSynthDataException("adapter evaluation", "no test rows (too few subjects for a test split)");
        }

        var (x, y) = AdapterTrainer.Prepare(source, target, normalizeInput);
        if (x.Dim != translator.InputDim || y.Dim != translator.OutputDim)
        {
            throw new FaceSynthDataException("adapter evaluation", $"sets are {x.Dim} -> {y.Dim}, the adapter {translator.InputDim} -> {translator.OutputDim}");
        }

        int n = rows.Count, q = y.Dim;
        var yh = new EmbeddingMatrix(n, q);
        var fid = new float[n];
        var baseline = x.Dim == q ? new float[n] : null;
        for (int k = 0; k < n; k++)
        {
            translator.Translate(x.Row(rows[k]), yh.Row(k), 1);
            fid[k] = (float)AdapterTrainer.Cosine(yh.Row(k), y.Row(rows[k]));
            if (baseline is not null)
            {
                baseline[k] = (float)AdapterTrainer.Cosine(x.Row(rows[k]), y.Row(rows[k]));
            }
        }

        yh.NormalizeRows();
        var quality = new List<VerificationQuality>();
        if (subjects is not null && n >= 2)
        {
            var subj = rows.Select(r => subjects[r]).ToArray();
            var pairs = Pairs(subj, seed);
            if (pairs.Genuine.Count > 0 && pairs.Impostor.Count >= 2)
            {
                quality.Add(Quality("cross", pairs, subj, seed, (a, b) => Dot(yh.Row(a), y.Row(rows[b]))));
                quality.Add(Quality("within_target", pairs, subj, seed, (a, b) => Dot(y.Row(rows[a]), y.Row(rows[b]))));
                quality.Add(Quality("within_source", pairs, subj, seed, (a, b) => Dot(x.Row(rows[a]), x.Row(rows[b]))));
            }
        }

        return new AdapterEvaluation(n, ScoreSummary.Of(fid), baseline is null ? null : ScoreSummary.Of(baseline), quality);
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += (double)a[i] * b[i];
        }

        return s;
    }

    private static (List<(int A, int B)> Genuine, List<(int A, int B)> Impostor) Pairs(string[] subj, ulong seed)
    {
        int n = subj.Length;
        var g = new List<(int, int)>();
        var imp = new List<(int, int)>();
        long all = (long)n * (n - 1) / 2;
        if (all <= MaxPairs)
        {
            for (int a = 0; a < n; a++)
            {
                for (int b = a + 1; b < n; b++)
                {
                    (subj[a] == subj[b] ? g : imp).Add((a, b));
                }
            }
        }
        else
        {
            for (long k = 0; k < MaxPairs; k++)
            {
                var rng = new SynthRandom(seed, "adapter/pairs", (ulong)k);
                int a = (int)(rng.Uniform() * n), b = (int)(rng.Uniform() * n);
                if (a != b)
                {
                    (subj[a] == subj[b] ? g : imp).Add((Math.Min(a, b), Math.Max(a, b)));
                }
            }
        }

        return (g, imp);
    }

    private static VerificationQuality Quality(string name, (List<(int A, int B)> Genuine, List<(int A, int B)> Impostor) pairs, string[] subj, ulong seed, Func<int, int, double> score)
    {
        var gs = pairs.Genuine.Select(p => score(p.A, p.B)).ToArray();
        var ims = pairs.Impostor.Select(p => score(p.A, p.B)).ToArray();
        double eer = BobMeasure.Eer(ims, gs).Eer;
        var th = ImpostorThresholds.FromScores(ims, gs, [1e-2, 1e-3]);

        // Balanced list: draw k alternates genuine / impostor, without repeats, folds in draw order.
        int half = Math.Min(3000, Math.Min(gs.Length, ims.Length));
        var listScores = new List<double>();
        var listSame = new List<bool>();
        var used = new HashSet<(bool, int)>();
        for (ulong k = 0; listScores.Count < 2 * half && k < (ulong)(200L * half); k++)
        {
            var rng = new SynthRandom(seed, "adapter/pairlist", k);
            bool genuine = listScores.Count % 2 == 0;
            int idx = (int)(rng.Uniform() * (genuine ? gs.Length : ims.Length));
            if (used.Add((genuine, idx)))
            {
                listScores.Add(genuine ? gs[idx] : ims[idx]);
                listSame.Add(genuine);
            }
        }

        double acc = double.NaN;
        if (listScores.Count >= 20)
        {
            acc = PairsKFold.EvaluateScores(listScores.ToArray(), listSame.ToArray(), new PairsKFoldOptions { ComputeVal = false }).MeanAccuracy;
        }

        return new VerificationQuality(name, gs.Length, ims.Length, eer, th, acc, listScores.Count);
    }
}
