using FaceSynth.Metrics;

namespace FaceSynth.Llm;

/// <summary>Failure-aware verification metrics (AUDIT.md 6.6).</summary>
public sealed record VerificationMetrics
{
    /// <summary>Labelled pairs.</summary>
    public int Total { get; init; }

    /// <summary>Genuine pairs.</summary>
    public int Genuine { get; init; }

    /// <summary>Impostor pairs.</summary>
    public int Impostor { get; init; }

    /// <summary>Pairs with a decision.</summary>
    public int Answered { get; init; }

    /// <summary>Answered / total.</summary>
    public double Coverage { get; init; }

    /// <summary>Genuine pairs without a decision / genuine pairs.</summary>
    public double FtaGenuine { get; init; }

    /// <summary>Impostor pairs without a decision / impostor pairs.</summary>
    public double FtaImpostor { get; init; }

    /// <summary>Refused genuine pairs / genuine pairs.</summary>
    public double RefusalRateGenuine { get; init; }

    /// <summary>Refused impostor pairs / impostor pairs.</summary>
    public double RefusalRateImpostor { get; init; }

    /// <summary>(TP + TN) / answered.</summary>
    public double Accuracy { get; init; }

    /// <summary>Accepted answered impostors / answered impostors.</summary>
    public double Fmr { get; init; }

    /// <summary>Rejected answered genuines / answered genuines.</summary>
    public double Fnmr { get; init; }

    /// <summary>FMR (1 - FTA_I).</summary>
    public double Far { get; init; }

    /// <summary>FTA_G + FNMR (1 - FTA_G).</summary>
    public double Frr { get; init; }

    /// <summary>(TP + TN) / total.</summary>
    public double AccuracyAll { get; init; }

    /// <summary>Exact AUC of the signed scores of answered pairs (NaN when a class has no score).</summary>
    public double Auc { get; init; }

    /// <summary>Decisions without a confidence.</summary>
    public int MissingConfidence { get; init; }

    /// <summary>Pairs per outcome.</summary>
    public IReadOnlyDictionary<string, int> Outcomes { get; init; } = new Dictionary<string, int>();

    /// <summary>Signed scores of answered genuine pairs (for EER/ROC).</summary>
    public IReadOnlyList<double> GenuineScores { get; init; } = [];

    /// <summary>Signed scores of answered impostor pairs.</summary>
    public IReadOnlyList<double> ImpostorScores { get; init; } = [];
}

/// <summary>Gender metrics: accuracy, balanced accuracy, recall per class, confusion matrix, coverage.</summary>
public sealed record GenderMetrics(int Total, int Answered, double Coverage, double Accuracy, double BalancedAccuracy,
    IReadOnlyDictionary<string, double> Recall, IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Confusion,
    IReadOnlyDictionary<string, int> Outcomes);

/// <summary>Age metrics overall or for one group.</summary>
public sealed record AgeMetrics(string Group, int Total, int Answered, double Coverage, double Mae, double Cs5, double RangeHitRate, int WithRange);

/// <summary>Computes the metrics of AUDIT.md 6.6 from records and ground truth.</summary>
public static class LlmMetrics
{
    /// <summary>Verification metrics over labelled pairs (unlabelled ones are skipped).</summary>
    public static VerificationMetrics Verification(IReadOnlyList<LlmRecord> records, IReadOnlyList<VerificationPair> pairs, MissingConfidencePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(pairs);
        if (records.Count != pairs.Count)
        {
            throw new ArgumentException("one record per pair is required");
        }

        int g = 0, imp = 0, tp = 0, tn = 0, fp = 0, fn = 0, ansG = 0, ansI = 0, refG = 0, refI = 0, missing = 0;
        var gs = new List<double>();
        var ims = new List<double>();
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < records.Count; i++)
        {
            if (pairs[i].Genuine is not { } genuine)
            {
                continue;
            }

            var r = records[i];
            outcomes[r.Outcome.ToString()] = outcomes.GetValueOrDefault(r.Outcome.ToString()) + 1;
            _ = genuine ? g++ : imp++;
            if (r.Outcome == LlmOutcome.Refused)
            {
                _ = genuine ? refG++ : refI++;
            }

            if (r.Outcome != LlmOutcome.Ok || r.Parsed.SamePerson is not { } yes)
            {
                continue;
            }

            _ = genuine ? ansG++ : ansI++;
            if (genuine)
            {
                _ = yes ? tp++ : fn++;
            }
            else
            {
                _ = yes ? fp++ : tn++;
            }

            missing += r.Parsed.Confidence is null ? 1 : 0;
            if (r.Parsed.VerificationScore(policy) is { } s)
            {
                (genuine ? gs : ims).Add(s);
            }
        }

        int total = g + imp, answered = ansG + ansI;
        double ftaG = g == 0 ? double.NaN : (double)(g - ansG) / g;
        double ftaI = imp == 0 ? double.NaN : (double)(imp - ansI) / imp;
        double fmr = ansI == 0 ? double.NaN : (double)fp / ansI;
        double fnmr = ansG == 0 ? double.NaN : (double)fn / ansG;
        return new VerificationMetrics
        {
            Total = total,
            Genuine = g,
            Impostor = imp,
            Answered = answered,
            Coverage = total == 0 ? double.NaN : (double)answered / total,
            FtaGenuine = ftaG,
            FtaImpostor = ftaI,
            RefusalRateGenuine = g == 0 ? double.NaN : (double)refG / g,
            RefusalRateImpostor = imp == 0 ? double.NaN : (double)refI / imp,
            Accuracy = answered == 0 ? double.NaN : (double)(tp + tn) / answered,
            Fmr = fmr,
            Fnmr = fnmr,
            Far = fmr * (1 - ftaI),
            Frr = ftaG + (fnmr * (1 - ftaG)),
            AccuracyAll = total == 0 ? double.NaN : (double)(tp + tn) / total,
            Auc = gs.Count == 0 || ims.Count == 0 ? double.NaN : BobMeasure.MannWhitneyAuc(ims.ToArray(), gs.ToArray()),
            MissingConfidence = missing,
            Outcomes = outcomes,
            GenuineScores = gs,
            ImpostorScores = ims,
        };
    }

    /// <summary>Gender metrics over images with a known gender.</summary>
    public static GenderMetrics Gender(IReadOnlyList<LlmRecord> records, IReadOnlyList<FaceItem> items)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(items);
        string[] classes = ["female", "male"];
        var confusion = classes.ToDictionary(c => c, _ => classes.Append("none").ToDictionary(c => c, _ => 0), StringComparer.Ordinal);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int total = 0, answered = 0, correct = 0;
        for (int i = 0; i < records.Count; i++)
        {
            if (items[i].Gender is not { } truth)
            {
                continue;
            }

            total++;
            var r = records[i];
            outcomes[r.Outcome.ToString()] = outcomes.GetValueOrDefault(r.Outcome.ToString()) + 1;
            string predicted = r.Outcome == LlmOutcome.Ok && r.Parsed.Gender is { } pg ? pg : "none";
            confusion[truth][predicted]++;
            if (predicted != "none")
            {
                answered++;
                correct += predicted == truth ? 1 : 0;
            }
        }

        var recall = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var c in classes)
        {
            int answeredC = confusion[c]["female"] + confusion[c]["male"];
            recall[c] = answeredC == 0 ? double.NaN : (double)confusion[c][c] / answeredC;
        }

        var present = recall.Values.Where(double.IsFinite).ToArray();
        return new GenderMetrics(total, answered, total == 0 ? double.NaN : (double)answered / total,
            answered == 0 ? double.NaN : (double)correct / answered, present.Length == 0 ? double.NaN : present.Average(),
            recall, confusion.ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, int>)kv.Value, StringComparer.Ordinal), outcomes);
    }

    /// <summary>Age metrics overall ("all") and per group 0-19, 20-39, 40-59, 60+.</summary>
    public static IReadOnlyList<AgeMetrics> Age(IReadOnlyList<LlmRecord> records, IReadOnlyList<FaceItem> items)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(items);
        (string Name, double Lo, double Hi)[] groups = [("all", double.NegativeInfinity, double.PositiveInfinity), .. AgeGroups.Bounds];
        var result = new List<AgeMetrics>();
        foreach (var (name, lo, hi) in groups)
        {
            int total = 0, answered = 0, cs5 = 0, withRange = 0, hits = 0;
            double absSum = 0;
            for (int i = 0; i < records.Count; i++)
            {
                if (items[i].Age is not { } truth || truth < lo || truth >= hi)
                {
                    continue;
                }

                total++;
                var p = records[i].Parsed;
                if (records[i].Outcome != LlmOutcome.Ok || p.Age is not { } est)
                {
                    continue;
                }

                answered++;
                double err = Math.Abs(est - truth);
                absSum += err;
                cs5 += err <= 5 ? 1 : 0;
                if (p.AgeLow is { } l && p.AgeHigh is { } h)
                {
                    withRange++;
                    hits += truth >= l && truth <= h ? 1 : 0;
                }
            }

            result.Add(new AgeMetrics(name, total, answered, total == 0 ? double.NaN : (double)answered / total,
                answered == 0 ? double.NaN : absSum / answered, answered == 0 ? double.NaN : (double)cs5 / answered,
                withRange == 0 ? double.NaN : (double)hits / withRange, withRange));
        }

        return result;
    }
}
