using FaceSynth.Metrics;
using FaceSynth.Metrics.Pyeer;
using FaceSynth.Scores;

namespace FaceSynth.Protocols;

/// <summary>
/// The library call behind <c>facesynth eval scores</c>: bob.measure's summary numbers of a score set, with
/// thresholds optionally chosen on a development set and applied unchanged to the evaluation set
/// (bob <c>metrics</c> behaviour). NaN scores are failures to acquire (EVALUATION 1.1).
/// </summary>
public static class ScoreEvaluation
{
    /// <summary>
    /// Summarises <paramref name="development"/> alone, or, when <paramref name="evaluation"/> is given, the evaluation
    /// set at thresholds chosen on <paramref name="development"/> (the development summary is nested in the result).
    /// </summary>
    /// <exception cref="FaceSynthDataException">A set has fewer than 2 NaN-free scores on a side.</exception>
    public static ScoreEvaluationResult Evaluate(ScoreSet development, ScoreSet? evaluation = null, ScoreEvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(development);
        var o = options ?? ScoreEvaluationOptions.Default;
        CheckOptions(o);
        var dev = Prepare(development, evaluation is null ? "scores" : "development scores", o.ReuseInputArrays);
        var devThresholds = Thresholds.Choose(dev.Scores, o);
        var devDecision = BobMetrics.Compute(dev, null, o.Criterion, o.CriterionFar, o.DecisionThreshold);
        var devResult = Summarise(development.Source, "self", dev, devThresholds, devDecision, o);
        if (evaluation is null)
        {
            return devResult;
        }

        var eval = Prepare(evaluation, "evaluation scores", o.ReuseInputArrays);
        var decision = BobMetrics.Compute(dev, eval, o.Criterion, o.CriterionFar, o.DecisionThreshold);
        return Summarise(evaluation.Source, "development", eval, devThresholds, decision, o) with { Development = devResult };
    }

    /// <summary>Strips NaN scores and checks that each side keeps at least two scores.</summary>
    /// <exception cref="FaceSynthDataException">A side has fewer than 2 NaN-free scores.</exception>
    public static FtaScores Prepare(ScoreSet set, string what = "scores") => Prepare(set, what, inPlace: false);

    private static FtaScores Prepare(ScoreSet set, string what, bool inPlace)
    {
        ArgumentNullException.ThrowIfNull(set);
        var fta = inPlace ? FailureToAcquire.StripInPlace(set.Negatives, set.Positives) : FailureToAcquire.Strip(set);
        Require(set.Source ?? what, "genuine", fta.Scores.PositiveCount, fta.PositiveNaNs);
        Require(set.Source ?? what, "impostor", fta.Scores.NegativeCount, fta.NegativeNaNs);
        return fta;
    }

    private static void Require(string source, string side, int count, int nans)
    {
        if (count >= 2)
        {
            return;
        }

        var nanNote = nans > 0 ? $" after removing {nans} NaN score(s)" : string.Empty;
        var what = count == 0 ? $"no {side} scores{nanNote}" : $"only {count} {side} score{nanNote}";
        throw new FaceSynthDataException(source, $"{what}; at least 2 {side} scores are needed to choose thresholds");
    }

    private static void CheckOptions(ScoreEvaluationOptions o)
    {
        foreach (var t in o.FarTargets.Concat(o.FrrTargets).Concat(o.TarAtFmrTargets))
        {
            if (!(t >= 0 && t <= 1))
            {
                throw new ArgumentException($"target rate {t} is outside [0, 1]");
            }
        }

        if (o.Criterion == ThresholdCriterion.Far && o.DecisionThreshold is null && o.CriterionFar is not (>= 0 and <= 1))
        {
            throw new ArgumentException("the 'far' criterion needs a FMR value in [0, 1]");
        }
    }

    private static ScoreEvaluationResult Summarise(string? source, string thresholdsFrom, FtaScores set, Thresholds th, BobMetricsResult decision, ScoreEvaluationOptions o)
    {
        var s = set.Scores;
        var eerRates = set.Rates(th.Eer);
        var hter = s.Farfrr(th.MinHter);
        var tar = new List<TarAtFmrPoint>(o.TarAtFmrTargets.Count);
        for (var i = 0; i < o.TarAtFmrTargets.Count; i++)
        {
            var target = o.TarAtFmrTargets[i];
            var r = s.Farfrr(th.TarAtFmr[i]);
            tar.Add(new TarAtFmrPoint(target, th.TarAtFmr[i], 1 - r.Fnmr, r.Fmr, target * th.ImpostorsOfChooser < 1));
        }

        PyeerSummary? pyeer = null;
        if (o.IncludePyeer)
        {
            var p = PyeerStats.Compute(s.Positives, s.Negatives);
            pyeer = new PyeerSummary(
                p.Eer.Eer, p.Eer.EerLow, p.Eer.EerHigh, p.Eer.Threshold, [.. p.FmrPoints, p.ZeroFnmr],
                p.Auc, p.GenuineMean, p.GenuineStd, p.ImpostorMean, p.ImpostorStd, p.Decidability, p.Eer.Warning);
        }

        return new ScoreEvaluationResult
        {
            Source = source,
            ThresholdsFrom = thresholdsFrom,
            Genuine = s.PositiveCount,
            Impostor = s.NegativeCount,
            FailureToAcquire = new FailureToAcquireCounts(set.PositiveNaNs, set.NegativeNaNs, set.Fta),
            Eer = new EerOperatingPoint(
                th.Eer, eerRates.Fmr, eerRates.Fnmr, s.CountFalseMatches(th.Eer), s.CountFalseNonMatches(th.Eer),
                (eerRates.Fmr + eerRates.Fnmr) / 2.0, eerRates.Far, eerRates.Frr),
            MinHter = new OperatingPoint(
                th.MinHter, hter.Fmr, hter.Fnmr, (hter.Fmr + hter.Fnmr) / 2.0, s.CountFalseMatches(th.MinHter), s.CountFalseNonMatches(th.MinHter)),
            FarThresholds = Targets(s, o.FarTargets, th.Far),
            FrrThresholds = Targets(s, o.FrrTargets, th.Frr),
            Auc = s.RocAucScore(logScale: false),
            AucLog = s.RocAucScore(logScale: true),
            AucExact = s.MannWhitneyAuc(),
            TarAtFmr = tar,
            Decision = decision,
            Pyeer = pyeer,
        };
    }

    private static List<TargetThreshold> Targets(SortedScores s, IReadOnlyList<double> targets, double[] thresholds)
    {
        var list = new List<TargetThreshold>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            var r = s.Farfrr(thresholds[i]);
            list.Add(new TargetThreshold(targets[i], thresholds[i], r.Fmr, r.Fnmr));
        }

        return list;
    }

    /// <summary>All thresholds, chosen once on the set that decides them.</summary>
    private sealed record Thresholds(double Eer, double MinHter, double[] Far, double[] Frr, double[] TarAtFmr, int ImpostorsOfChooser)
    {
        public static Thresholds Choose(SortedScores s, ScoreEvaluationOptions o) => new(
            s.EerThreshold(),
            s.MinHterThreshold(),
            [.. o.FarTargets.Select(s.FarThreshold)],
            [.. o.FrrTargets.Select(v => s.FrrThreshold(v))],
            [.. o.TarAtFmrTargets.Select(s.FarThreshold)],
            s.NegativeCount);
    }
}
