using System.Globalization;

namespace FaceSynth.Metrics.Fairness;

/// <summary>Demographic differential report at one global threshold (EVALUATION.md 5.1-5.2).</summary>
public static class DemographicRates
{
    /// <summary>
    /// Sets the global threshold (default: bob <c>far_threshold</c> at FMR 1e-3 on all impostor scores),
    /// then counts per group and per (probe group, reference group) cell.
    /// </summary>
    public static DemographicReport Compute(GroupedScores scores, DemographicOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        options ??= DemographicOptions.Default;
        var (t, rule) = ChooseThreshold(scores, options);
        int g = scores.Groups.Count;
        var groups = new List<GroupRates>(g);
        var fmrM = new double[g][];
        var impM = new long[g][];
        var fmM = new long[g][];
        for (int i = 0; i < g; i++)
        {
            fmrM[i] = new double[g];
            impM[i] = new long[g];
            fmM[i] = new long[g];
            for (int j = 0; j < g; j++)
            {
                var cell = scores.Impostor(i, j);
                long fm = cell.Count(s => s >= t);
                impM[i][j] = cell.Count;
                fmM[i][j] = fm;
                fmrM[i][j] = cell.Count == 0 ? double.NaN : (double)fm / cell.Count;
            }
        }

        for (int i = 0; i < g; i++)
        {
            var gen = scores.Genuine(i);
            long fnm = gen.Count(s => s < t);
            long nImp = impM[i][i], fm = fmM[i][i];
            double fnmr = gen.Count == 0 ? double.NaN : (double)fnm / gen.Count;
            double fmr = fmrM[i][i];
            long total = gen.Count + nImp;
            double acc = total == 0 ? double.NaN : 100.0 * ((gen.Count - fnm) + (nImp - fm)) / total;
            groups.Add(new GroupRates(scores.Groups[i], gen.Count, fnm, nImp, fm, fnmr, fmr, Interval(fnm, gen.Count, options.ConfidenceAlpha), Interval(fm, nImp, options.ConfidenceAlpha), acc));
        }

        return new DemographicReport
        {
            Threshold = t,
            ThresholdRule = rule,
            ConfidenceAlpha = options.ConfidenceAlpha,
            Groups = groups,
            FmrMatrix = fmrM,
            ImpostorMatrix = impM,
            FalseMatchMatrix = fmM,
            Summary = Summarize(groups, options),
            RemovedNaN = scores.RemovedNaN,
            SkippedUnmapped = scores.SkippedUnmapped,
        };
    }

    /// <summary>Summary statistics over per-group rates and accuracies.</summary>
    public static FairnessSummary Summarize(IReadOnlyList<GroupRates> groups, DemographicOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        options ??= DemographicOptions.Default;
        double[] fmr = [.. groups.Select(x => x.Fmr)];
        double[] fnmr = [.. groups.Select(x => x.Fnmr)];
        double[] acc = [.. groups.Select(x => x.AccuracyPercent)];
        double a = options.Alpha;
        double? floor = options.RateFloor;
        return new FairnessSummary(
            a,
            FairnessMetrics.MaxMinRatio(fmr, floor),
            FairnessMetrics.MaxMinRatio(fnmr, floor),
            FairnessMetrics.MaxGeoMeanRatio(fmr, floor),
            FairnessMetrics.MaxGeoMeanRatio(fnmr, floor),
            FairnessMetrics.Gini(fmr),
            FairnessMetrics.Gini(fnmr),
            FairnessMetrics.Garbe(fmr, fnmr, a),
            FairnessMetrics.Fdr(fmr, fnmr, a),
            FairnessMetrics.InequityRate(fmr, fnmr, a, floor),
            FairnessMetrics.SkewedErrorRatio(acc, floor),
            FairnessMetrics.AccuracyStd(acc, options.SampleStd));
    }

    private static (double Threshold, string Rule) ChooseThreshold(GroupedScores scores, DemographicOptions options)
    {
        if (options.Threshold is { } fixedT)
        {
            return (fixedT, string.Create(CultureInfo.InvariantCulture, $"fixed threshold {fixedT:R} given by the user"));
        }

        double[] impostors;
        string where;
        if (options.ReferenceGroup is { } rg)
        {
            int gi = -1;
            for (int i = 0; i < scores.Groups.Count; i++)
            {
                if (scores.Groups[i] == rg)
                {
                    gi = i;
                }
            }

            if (gi < 0)
            {
                throw new ArgumentException($"reference group '{rg}' is not one of the groups ({string.Join(", ", scores.Groups)})");
            }

            impostors = [.. scores.Impostor(gi, gi)];
            where = $"the {impostors.Length} within-group impostor scores of reference group '{rg}'";
        }
        else
        {
            impostors = scores.AllImpostor();
            where = $"all {impostors.Length} impostor scores";
        }

        if (impostors.Length < 2)
        {
            throw new ArgumentException($"cannot set the threshold: far_threshold needs at least 2 impostor scores, {where.Replace("all ", string.Empty, StringComparison.Ordinal)} available");
        }

        double t = BobMeasure.FarThreshold(impostors, [], options.TargetFmr);
        return (t, string.Create(CultureInfo.InvariantCulture, $"bob far_threshold at FMR {options.TargetFmr:R} on {where}"));
    }

    private static ConfidenceInterval Interval(long x, long n, double alpha) =>
        n == 0 ? new ConfidenceInterval(double.NaN, double.NaN) : ClopperPearson.Interval(x, n, alpha);
}
