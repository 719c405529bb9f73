using FaceSynth.Metrics;
using FaceSynth.Metrics.Fairness;
using FaceSynth.Protocols;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Submissions;

namespace FaceSynth.Server.Scoring;

/// <summary>
/// Scores a submission with the library code of <c>facesynth eval</c>: insightface 10-fold accuracy
/// (<see cref="PairsKFold"/>), scikit-learn TAR@FAR (<see cref="SklearnRoc"/>), bob EER/ROC (<see cref="SortedScores"/>)
/// and the FRCSyn trade-off (<see cref="Frcsyn"/>). Pure: the same files always give the same numbers.
/// </summary>
public static class SubmissionScorer
{
    /// <summary>Version written into every result.</summary>
    public const string Version = "facesynth-scorer/1";

    /// <summary>FMR of the global threshold of per-group rates (EVALUATION.md 5.1 default).</summary>
    public const double GroupFmrTarget = 1e-3;

    private static readonly PairsKFoldOptions KFold = new() { ComputeVal = false };

    /// <summary>
    /// Parses every file the task needs (named <c>&lt;benchmark&gt;.txt</c>) and scores them. Files for other benchmarks
    /// of the challenge are ignored; unknown names are an error.
    /// </summary>
    /// <exception cref="FaceSynthDataException">A file is missing, unknown, or malformed (message for the participant).</exception>
    public static SubmissionResult Score(LoadedChallenge challenge, TaskDefinition task, IReadOnlyDictionary<string, byte[]> filesByBenchmark)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(filesByBenchmark);
        var results = new List<BenchmarkResult>(task.Benchmarks.Count);
        foreach (var id in task.Benchmarks)
        {
            if (!filesByBenchmark.TryGetValue(id, out var content))
            {
                throw new FaceSynthDataException("submission", $"no file for benchmark '{id}'; task '{task.Id}' needs {string.Join(", ", task.Benchmarks.Select(b => b + ".txt"))}");
            }

            var bench = challenge.Benchmarks[id];
            var scores = SubmissionScoreFile.Parse(content, id + ".txt", id, bench.Truth.Count);
            results.Add(ScoreBenchmark(bench, scores, task.SampleStd));
        }

        return Summarize(task, results);
    }

    /// <summary>Scores one benchmark's scores (already parsed, one per pair in published order).</summary>
    public static BenchmarkResult ScoreBenchmark(LoadedBenchmark bench, double[] scores, bool sampleStd = false)
    {
        ArgumentNullException.ThrowIfNull(bench);
        ArgumentNullException.ThrowIfNull(scores);
        var truth = bench.Truth;
        if (scores.Length != truth.Count)
        {
            throw new ArgumentException($"{scores.Length} scores for {truth.Count} pairs");
        }

        int genuine = truth.Same.Count(s => s);
        var pos = new double[genuine];
        var neg = new double[truth.Count - genuine];
        for (int i = 0, p = 0, n = 0; i < scores.Length; i++)
        {
            if (truth.Same[i])
            {
                pos[p++] = scores[i];
            }
            else
            {
                neg[n++] = scores[i];
            }
        }

        var sorted = SortedScores.FromUnsorted(neg, pos);
        var roc = sorted.Roc(100);
        double eer = sorted.Eer().Eer;
        double fnmr1 = sorted.Farfrr(sorted.FarThreshold(0.01)).Fnmr;
        double groupThreshold = sorted.FarThreshold(GroupFmrTarget);

        double metric;
        double? metricStd = null;
        string metricName;
        bool kfold = bench.Definition.ParsedProtocol == BenchmarkProtocol.PairsKFold;
        if (kfold)
        {
            var r = PairsKFold.EvaluateScores(scores, truth.Same, KFold);
            metric = 100 * r.MeanAccuracy;
            metricStd = 100 * r.StdAccuracy;
            metricName = "10-fold accuracy (%)";
        }
        else
        {
            var sk = SklearnRoc.Compute(truth.Same, scores);
            double target = bench.Definition.FarTarget;
            metric = 100 * SklearnRoc.TarAtFarTable(sk, [target])[0].Tar;
            metricName = $"TAR at FAR {target:0.#####e0} (%)";
        }

        var groups = new List<GroupResult>();
        double? tradeOff = null;
        if (truth.Groups.Count > 0)
        {
            var accuracies = new List<double>();
            for (int g = 0; g < truth.Groups.Count; g++)
            {
                var (gScores, gSame) = Subset(scores, truth, g);
                double? acc = kfold ? 100 * PairsKFold.EvaluateScores(gScores, gSame, KFold).MeanAccuracy : null;
                var gPos = gScores.Where((_, i) => gSame[i]).ToArray();
                var gNeg = gScores.Where((_, i) => !gSame[i]).ToArray();
                double? fmr = gNeg.Length > 0 ? 100.0 * gNeg.Count(s => s >= groupThreshold) / gNeg.Length : null;
                double? fnmr = gPos.Length > 0 ? 100.0 * gPos.Count(s => s < groupThreshold) / gPos.Length : null;
                groups.Add(new GroupResult(truth.Groups[g], gScores.Length, acc, fmr, fnmr));
                if (acc is { } a)
                {
                    accuracies.Add(a);
                }
            }

            if (accuracies.Count >= 2)
            {
                tradeOff = Frcsyn.TradeOff([.. accuracies], sampleStd).TradeOff;
            }
        }

        return new BenchmarkResult(bench.Definition.Id, bench.Definition.Protocol, metricName, metric, metricStd, truth.Count, pos.Length, neg.Length,
            100 * eer, 100 * fnmr1, groupThreshold, tradeOff, groups, roc.Fmr, roc.Fnmr);
    }

    private static SubmissionResult Summarize(TaskDefinition task, List<BenchmarkResult> results)
    {
        switch (task.ParsedRanking)
        {
            case RankingRule.FrcsynTradeOff:
                var withGroups = results.Where(r => r.TradeOff is not null).ToList();
                var tos = withGroups.Select(r => Frcsyn.TradeOff([.. r.Groups.Select(g => g.Accuracy!.Value)], task.SampleStd)).ToList();
                return new SubmissionResult(task.Id, task.Ranking, tos.Average(t => t.TradeOff), "TO = AVG - SD (%)",
                    tos.Average(t => t.Average), tos.Average(t => t.StandardDeviation), results, Version);
            default:
                return new SubmissionResult(task.Id, task.Ranking, results.Average(r => r.Metric),
                    task.ParsedRanking == RankingRule.Borda ? "mean metric (%)" : "mean accuracy (%)", null, null, results, Version);
        }
    }

    private static (double[] Scores, bool[] Same) Subset(double[] scores, BenchmarkTruth truth, int group)
    {
        int n = truth.Group.Count(g => g == group);
        var s = new double[n];
        var same = new bool[n];
        for (int i = 0, k = 0; i < scores.Length; i++)
        {
            if (truth.Group[i] == group)
            {
                s[k] = scores[i];
                same[k++] = truth.Same[i];
            }
        }

        return (s, same);
    }
}
