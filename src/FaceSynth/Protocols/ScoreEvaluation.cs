using FaceSynth.Metrics;
using FaceSynth.Metrics.Bucketed;
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
        var dev = PrepareOrder(development, evaluation is null ? "scores" : "development scores", o, DevelopmentPlan(o));
        var devThresholds = Thresholds.Choose(dev.Order, o);
        var devDecision = BobMetrics.Compute(dev, null, o.Criterion, o.CriterionFar, o.DecisionThreshold);
        var devResult = Summarise(development.Source, "self", dev, devThresholds, devDecision, o);
        if (evaluation is null)
        {
            return devResult;
        }

        var eval = PrepareOrder(evaluation, "evaluation scores", o, EvaluationPlan(devThresholds, devDecision.Threshold));
        var decision = BobMetrics.Compute(dev, eval, o.Criterion, o.CriterionFar, o.DecisionThreshold);
        return Summarise(evaluation.Source, "development", eval, devThresholds, decision, o) with { Development = devResult };
    }

    /// <summary>Strips NaN scores and checks that each side keeps at least two scores.</summary>
    /// <exception cref="FaceSynthDataException">A side has fewer than 2 NaN-free scores.</exception>
    public static FtaScores Prepare(ScoreSet set, string what = "scores")
    {
        ArgumentNullException.ThrowIfNull(set);
        var fta = FailureToAcquire.Strip(set);
        Require(set.Source ?? what, "genuine", fta.Scores.PositiveCount, fta.PositiveNaNs);
        Require(set.Source ?? what, "impostor", fta.Scores.NegativeCount, fta.NegativeNaNs);
        return fta;
    }

    /// <summary>
    /// NaN-free scores ready for the summary: value buckets (<see cref="BucketedScores"/>) for large sets, whose
    /// larger side is then never sorted, or fully sorted scores.
    /// </summary>
    private static FtaOrder PrepareOrder(ScoreSet set, string what, ScoreEvaluationOptions o, ScorePlan plan)
    {
        ArgumentNullException.ThrowIfNull(set);
        string source = set.Source ?? what;
        bool owned = o.ReuseInputArrays;
        var neg = owned ? FailureToAcquire.CompactInPlace(set.Negatives, out int negNaN) : NaNFree(set.Negatives, out negNaN, ref owned);
        bool posOwned = o.ReuseInputArrays;
        var pos = posOwned ? FailureToAcquire.CompactInPlace(set.Positives, out int posNaN) : NaNFree(set.Positives, out posNaN, ref posOwned);
        Require(source, "genuine", pos.Length, posNaN);
        Require(source, "impostor", neg.Length, negNaN);

        if (UseBuckets(o, Math.Max(neg.Length, pos.Length)))
        {
            var bucketed = BucketedScores.TryCreate(neg, pos, sortInPlace: owned && posOwned, o.Threads, o.Buckets);
            if (bucketed is not null && bucketed.TryPlan(plan, Math.Max(1L << 16, bucketed.RawSide.Count / 4)))
            {
                return new FtaOrder(bucketed, negNaN, posNaN);
            }
        }

        if (!owned)
        {
            neg = neg.ToArray();
        }

        if (!posOwned)
        {
            pos = pos.ToArray();
        }

        ScoreSort.SortInPlace(neg, o.Threads);
        ScoreSort.SortInPlace(pos, o.Threads);
        return new FtaOrder(new SortedScores(neg, pos, verify: false), negNaN, posNaN);
    }

    private static bool UseBuckets(ScoreEvaluationOptions o, int largest) => o.Ordering switch
    {
        ScoreOrdering.Buckets => !o.IncludePyeer,
        ScoreOrdering.Sort => false,
        _ => !o.IncludePyeer && largest >= ScoreEvaluationOptions.BucketsFrom,
    };

    /// <summary>The scores without NaN: the input array itself when it has none, else a clean copy (then owned).</summary>
    private static Memory<double> NaNFree(double[] values, out int nanCount, ref bool owned)
    {
        if (ScoreMath.IndexOfNaN(values) < 0)
        {
            nanCount = 0;
            return values;
        }

        owned = true;
        var copy = (double[])values.Clone();
        return FailureToAcquire.CompactInPlace(copy, out nanCount);
    }

    /// <summary>Everything the development summary reads: its thresholds, sweeps and the ROC of the AUCs.</summary>
    private static ScorePlan DevelopmentPlan(ScoreEvaluationOptions o)
    {
        var plan = new ScorePlan { Eer = true };
        plan.WeightedCosts.Add(0.5);
        plan.FarRates.AddRange(o.FarTargets);
        plan.FarRates.AddRange(o.TarAtFmrTargets);
        if (o.CriterionFar is double far)
        {
            plan.FarRates.Add(far);
        }

        plan.FrrRates.AddRange(o.FrrTargets);
        plan.AddRoc();
        return plan;
    }

    /// <summary>An evaluation set is read at the development thresholds and for its own ROC.</summary>
    private static ScorePlan EvaluationPlan(Thresholds th, double decision)
    {
        var plan = new ScorePlan();
        plan.Values.AddRange([th.Eer, th.MinHter, decision, .. th.Far, .. th.Frr, .. th.TarAtFmr]);
        plan.AddRoc();
        return plan;
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

    private static ScoreEvaluationResult Summarise(string? source, string thresholdsFrom, FtaOrder set, Thresholds th, BobMetricsResult decision, ScoreEvaluationOptions o)
    {
        var s = set.Order;
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
        if (o.IncludePyeer && s is SortedScores sorted)
        {
            var p = PyeerStats.Compute(sorted.Positives, sorted.Negatives);
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
            Auc = Auc.RocAucScore(s, logScale: false, 2000, -8),
            AucLog = Auc.RocAucScore(s, logScale: true, 2000, -8),
            AucExact = s.MannWhitneyAuc(),
            TarAtFmr = tar,
            Decision = decision,
            Pyeer = pyeer,
        };
    }

    private static List<TargetThreshold> Targets(IScoreOrder s, IReadOnlyList<double> targets, double[] thresholds)
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
        public static Thresholds Choose(IScoreOrder s, ScoreEvaluationOptions o) => new(
            s.EerThreshold(),
            s.MinHterThresholdOf(),
            [.. o.FarTargets.Select(s.FarThreshold)],
            [.. o.FrrTargets.Select(s.FrrThreshold)],
            [.. o.TarAtFmrTargets.Select(s.FarThreshold)],
            s.NegativeCount);
    }
}
