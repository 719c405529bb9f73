using FaceSynth.Metrics;
using FaceSynth.Metrics.Fairness;
using FaceSynth.Protocols;

namespace FaceSynth.Reports.Scores;

/// <summary>A table: header and rows of cells (shared by the console and the HTML report).</summary>
/// <param name="Header">Column titles.</param>
/// <param name="Rows">Cells, one array per row.</param>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>Readable tables of a <see cref="ScoreEvaluationResult"/>.</summary>
public static class ScoreTables
{
    /// <summary>One line describing the set: counts, FTA and where thresholds came from.</summary>
    public static string Headline(ScoreEvaluationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var fta = r.FailureToAcquire;
        var from = r.ThresholdsFrom == "development" ? $"thresholds chosen on the development set{(r.Development?.Source is { } d ? $" ({d})" : string.Empty)}" : "thresholds chosen on this set";
        return $"{r.Source ?? "scores"}: {r.Genuine} genuine, {r.Impostor} impostor scores; failure to acquire {ReportFormat.Percent(fta.Rate)} "
            + $"({fta.Genuine} genuine, {fta.Impostor} impostor NaN); {from}";
    }

    /// <summary>EER, min HTER and the FMR/FNMR target thresholds with the rates reached on this set.</summary>
    public static ReportTable OperatingPoints(ScoreEvaluationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var rows = new List<IReadOnlyList<string>>
        {
            Row("EER", r.Eer.Threshold, r.Eer.Fmr, r.Eer.FalseMatches, r.Impostor, r.Eer.Fnmr, r.Eer.FalseNonMatches, r.Genuine),
            Row("min HTER", r.MinHter.Threshold, r.MinHter.Fmr, r.MinHter.FalseMatches, r.Impostor, r.MinHter.Fnmr, r.MinHter.FalseNonMatches, r.Genuine),
        };
        foreach (var t in r.FarThresholds)
        {
            rows.Add(RowRates($"FMR <= {ReportFormat.Target(t.Target)}", t.Threshold, t.Fmr, t.Fnmr, r));
        }

        foreach (var t in r.FrrThresholds)
        {
            rows.Add(RowRates($"FNMR <= {ReportFormat.Target(t.Target)}", t.Threshold, t.Fmr, t.Fnmr, r));
        }

        return new ReportTable(["operating point", "threshold", "FMR", "FNMR", "HTER"], rows);
    }

    /// <summary>TAR at each target FMR.</summary>
    public static ReportTable TarAtFmr(ScoreEvaluationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var rows = r.TarAtFmr.Select(p => (IReadOnlyList<string>)
        [
            ReportFormat.Target(p.Fmr),
            ReportFormat.Number(p.Threshold),
            ReportFormat.Fraction(p.Tar),
            ReportFormat.Percent(p.AchievedFmr),
            p.BelowResolution ? "below 1/#impostors" : string.Empty,
        ]).ToList();
        return new ReportTable(["target FMR", "threshold", "TAR", "achieved FMR", "note"], rows);
    }

    /// <summary>AUC values.</summary>
    public static ReportTable Auc(ScoreEvaluationResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ReportTable(["area under the ROC", "value"],
        [
            ["AUC (bob roc_auc_score)", ReportFormat.Fraction(r.Auc)],
            ["AUC, log10 FMR axis (bob)", ReportFormat.Number(r.AucLog)],
            ["AUC exact (Mann-Whitney)", ReportFormat.Fraction(r.AucExact)],
        ]);
    }

    /// <summary>The <c>bob measure metrics</c> table at the decision threshold (development and evaluation columns).</summary>
    public static ReportTable Decision(BobMetricsResult d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var cols = new List<MetricsColumn> { d.Development };
        if (d.Evaluation is not null)
        {
            cols.Add(d.Evaluation);
        }

        string[] header = d.Evaluation is null ? ["", "Development"] : ["", "Development", "Evaluation"];
        IReadOnlyList<string> R(string name, Func<MetricsColumn, string> f) => [name, .. cols.Select(f)];
        return new ReportTable(header,
        [
            R("Failure to acquire", c => ReportFormat.Percent(c.Rates.Fta)),
            R("False match rate", c => ReportFormat.PercentCount(c.Rates.Fmr, c.Rates.FalseMatches, c.Rates.Negatives)),
            R("False non-match rate", c => ReportFormat.PercentCount(c.Rates.Fnmr, c.Rates.FalseNonMatches, c.Rates.Positives)),
            R("False accept rate", c => ReportFormat.Percent(c.Rates.Far)),
            R("False reject rate", c => ReportFormat.Percent(c.Rates.Frr)),
            R("Half total error rate", c => ReportFormat.Percent(c.Rates.Hter)),
            R("Precision", c => ReportFormat.Fraction(c.Precision)),
            R("Recall", c => ReportFormat.Fraction(c.Recall)),
            R("F1-score", c => ReportFormat.Fraction(c.F1)),
            R("AUC", c => ReportFormat.Fraction(c.Auc)),
            R("AUC log scale", c => ReportFormat.Number(c.AucLog)),
        ]);
    }

    /// <summary>How the decision threshold was set, in words.</summary>
    public static string DecisionHeadline(BobMetricsResult d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var how = d.UserThreshold ? "given by the user" : d.Criterion switch
        {
            ThresholdCriterion.Eer => "EER on the development set",
            ThresholdCriterion.MinHter => "minimum HTER on the development set",
            _ => $"FMR <= {ReportFormat.Target(d.FarValue ?? double.NaN)} on the development set",
        };
        return $"Decision threshold {ReportFormat.Number(d.Threshold)} ({how})";
    }

    /// <summary>pyeer (FVC2000) numbers.</summary>
    public static ReportTable Pyeer(PyeerSummary p)
    {
        ArgumentNullException.ThrowIfNull(p);
        List<IReadOnlyList<string>> rows =
        [
            ["EER (FVC2000)", ReportFormat.Percent(p.Eer), ReportFormat.Number(p.EerThreshold)],
            ["EER interval", $"{ReportFormat.Percent(p.EerLow)} .. {ReportFormat.Percent(p.EerHigh)}", string.Empty],
        ];
        foreach (var op in p.OperatingPoints)
        {
            rows.Add([op.Name, ReportFormat.Percent(op.Value), ReportFormat.Number(op.Threshold)]);
        }

        rows.Add(["AUC (pyeer)", ReportFormat.Fraction(p.Auc), string.Empty]);
        rows.Add(["decidability d'", ReportFormat.Number(p.Decidability), string.Empty]);
        return new ReportTable(["pyeer statistic", "value", "threshold"], rows);
    }

    /// <summary>Per-group rates at the global threshold.</summary>
    public static ReportTable Groups(DemographicReport d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var rows = d.Groups.Select(g => (IReadOnlyList<string>)
        [
            g.Group,
            ReportFormat.PercentCount(g.Fmr, g.FalseMatches, g.Impostors),
            $"{ReportFormat.Percent(g.FmrInterval.Lower)} .. {ReportFormat.Percent(g.FmrInterval.Upper)}",
            ReportFormat.PercentCount(g.Fnmr, g.FalseNonMatches, g.Genuine),
            $"{ReportFormat.Percent(g.FnmrInterval.Lower)} .. {ReportFormat.Percent(g.FnmrInterval.Upper)}",
            ReportFormat.Number(g.AccuracyPercent) + "%",
        ]).ToList();
        return new ReportTable(["group", "FMR", "FMR 95% CI", "FNMR", "FNMR 95% CI", "accuracy"], rows);
    }

    /// <summary>Fairness summary statistics (undefined values with their reason).</summary>
    public static ReportTable Fairness(FairnessSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        static string V(FairnessValue v) => v.IsDefined ? ReportFormat.Number(v.Value) : $"undefined ({v.Reason})";
        return new ReportTable(["statistic", "value"],
        [
            ["FMR max/min", V(s.FmrMaxMin)],
            ["FNMR max/min", V(s.FnmrMaxMin)],
            ["FMR max/geomean", V(s.FmrMaxGeoMean)],
            ["FNMR max/geomean", V(s.FnmrMaxGeoMean)],
            ["FMR Gini", V(s.FmrGini)],
            ["FNMR Gini", V(s.FnmrGini)],
            [$"GARBE (alpha {ReportFormat.Number(s.Alpha)})", V(s.Garbe)],
            [$"FDR (alpha {ReportFormat.Number(s.Alpha)})", V(s.Fdr)],
            [$"inequity rate (alpha {ReportFormat.Number(s.Alpha)})", V(s.InequityRate)],
            ["SER (accuracy)", V(s.Ser)],
            ["accuracy std (%)", V(s.AccuracyStd)],
        ]);
    }

    private static IReadOnlyList<string> Row(string name, double t, double fmr, long fm, long nNeg, double fnmr, long fnm, long nPos) =>
        [name, ReportFormat.Number(t), ReportFormat.PercentCount(fmr, fm, nNeg), ReportFormat.PercentCount(fnmr, fnm, nPos), ReportFormat.Percent((fmr + fnmr) / 2)];

    private static IReadOnlyList<string> RowRates(string name, double t, double fmr, double fnmr, ScoreEvaluationResult r) =>
        Row(name, t, fmr, (long)Math.Round(fmr * r.Impostor), r.Impostor, fnmr, (long)Math.Round(fnmr * r.Genuine), r.Genuine);
}
