namespace FaceSynth.Metrics;

/// <summary>How the decision threshold is chosen on the development set.</summary>
public enum ThresholdCriterion
{
    /// <summary><c>eer_threshold</c>.</summary>
    Eer,

    /// <summary><c>min_hter_threshold</c>.</summary>
    MinHter,

    /// <summary><c>far_threshold</c> at a requested FMR.</summary>
    Far,
}

/// <summary>One column of <c>bob measure metrics</c>.</summary>
/// <param name="Rates">FTA, FMR/FNMR with counts, FAR, FRR and HTER (v6.1.0).</param>
/// <param name="Precision">Precision at the threshold.</param>
/// <param name="Recall">Recall at the threshold.</param>
/// <param name="F1">F1-score at the threshold.</param>
/// <param name="Auc">Area under the ROC (bob's trapezoid rule).</param>
/// <param name="AucLog">Area under the ROC with a log10 FMR axis.</param>
public sealed record MetricsColumn(FtaRates Rates, double Precision, double Recall, double F1, double Auc, double AucLog);

/// <summary>The numbers printed by <c>bob measure metrics</c>.</summary>
/// <param name="Criterion">How the threshold was chosen (ignored when a threshold was given).</param>
/// <param name="FarValue">Requested FMR for <see cref="ThresholdCriterion.Far"/>.</param>
/// <param name="Threshold">The threshold, chosen on the development set.</param>
/// <param name="UserThreshold">True when the caller supplied the threshold.</param>
/// <param name="Development">Development column.</param>
/// <param name="Evaluation">Evaluation column, when an evaluation set was given.</param>
public sealed record BobMetricsResult(
    ThresholdCriterion Criterion, double? FarValue, double Threshold, bool UserThreshold,
    MetricsColumn Development, MetricsColumn? Evaluation);

/// <summary><c>bob measure metrics</c> (v6.1.0, <c>figure.py</c> <c>Metrics</c>) as a result record.</summary>
public static class BobMetrics
{
    /// <summary>The development threshold for <paramref name="criterion"/> (bob's <c>get_thres</c>).</summary>
    public static double Threshold(SortedScores development, ThresholdCriterion criterion, double? farValue = null)
    {
        ArgumentNullException.ThrowIfNull(development);
        return Threshold((IScoreOrder)development, criterion, farValue);
    }

    /// <summary>
    /// Threshold on the development set (or <paramref name="threshold"/> when given), then the
    /// metrics of both sets at it. NaN scores count as failures to acquire.
    /// </summary>
    public static BobMetricsResult Compute(
        FtaScores development, FtaScores? evaluation,
        ThresholdCriterion criterion = ThresholdCriterion.Eer, double? farValue = null, double? threshold = null)
    {
        ArgumentNullException.ThrowIfNull(development);
        return Compute(development.AsOrder(), evaluation?.AsOrder(), criterion, farValue, threshold);
    }

    internal static double Threshold(IScoreOrder development, ThresholdCriterion criterion, double? farValue) => criterion switch
    {
        ThresholdCriterion.Eer => development.EerThreshold(),
        ThresholdCriterion.MinHter => development.MinHterThresholdOf(),
        ThresholdCriterion.Far => development.FarThreshold(
            farValue ?? throw new ArgumentException("the far criterion needs a FMR value", nameof(farValue))),
        _ => throw new ArgumentOutOfRangeException(nameof(criterion), criterion, "unknown criterion"),
    };

    internal static BobMetricsResult Compute(
        FtaOrder development, FtaOrder? evaluation, ThresholdCriterion criterion, double? farValue, double? threshold)
    {
        double t = threshold ?? Threshold(development.Order, criterion, farValue);
        return new BobMetricsResult(
            criterion, farValue, t, threshold is not null,
            Column(development, t), evaluation is null ? null : Column(evaluation, t));
    }

    private static MetricsColumn Column(FtaOrder set, double threshold)
    {
        var s = set.Order;
        var rates = set.Rates(threshold);
        var pr = s.PrecisionRecallAt(threshold);
        return new MetricsColumn(
            rates, pr.Precision, pr.Recall, Rates.FScore(pr, 1),
            Auc.RocAucScore(s, logScale: false, 2000, -8), Auc.RocAucScore(s, logScale: true, 2000, -8));
    }
}
