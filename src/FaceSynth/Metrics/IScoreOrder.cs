namespace FaceSynth.Metrics;

/// <summary>
/// The questions a verification summary asks of NaN-free negative and positive scores (bob.measure v6.1.0
/// rules). <see cref="SortedScores"/> answers them from fully sorted arrays; <see cref="Bucketed.BucketedScores"/>
/// answers the same questions, with the same numbers, from value buckets without sorting the larger side.
/// </summary>
internal interface IScoreOrder
{
    /// <summary>Number of negative scores.</summary>
    int NegativeCount { get; }

    /// <summary>Number of positive scores.</summary>
    int PositiveCount { get; }

    /// <summary>#{neg &gt;= threshold}.</summary>
    int CountFalseMatches(double threshold);

    /// <summary>#{pos &lt; threshold}.</summary>
    int CountFalseNonMatches(double threshold);

    /// <summary>bob's <c>far_threshold</c>.</summary>
    double FarThreshold(double far);

    /// <summary>bob's <c>frr_threshold</c> (v6.1.0 tie rule).</summary>
    double FrrThreshold(double frr);

    /// <summary>bob's <c>eer_threshold</c>.</summary>
    double EerThreshold();

    /// <summary>bob's <c>min_weighted_error_rate_threshold</c>.</summary>
    double MinWeightedErrorRateThreshold(double cost);

    /// <summary>Exact Mann-Whitney AUC.</summary>
    double MannWhitneyAuc();
}

/// <summary>Rates, curves and areas derived from the answers of an <see cref="IScoreOrder"/>.</summary>
internal static class ScoreOrderMetrics
{
    /// <summary>Error counts at <paramref name="threshold"/>.</summary>
    internal static ErrorCounts Counts(this IScoreOrder s, double threshold)
    {
        ScoreMath.RequireBothSides(s.NegativeCount, s.PositiveCount);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("the threshold is NaN", nameof(threshold));
        }

        return new ErrorCounts(s.CountFalseMatches(threshold), s.NegativeCount, s.CountFalseNonMatches(threshold), s.PositiveCount);
    }

    /// <summary>bob's <c>farfrr</c>; a NaN threshold gives (1, 1).</summary>
    internal static ErrorRates Farfrr(this IScoreOrder s, double threshold)
    {
        if (double.IsNaN(threshold))
        {
            return new ErrorRates(1.0, 1.0);
        }

        var c = s.Counts(threshold);
        return new ErrorRates(c.Fmr, c.Fnmr);
    }

    /// <summary>bob's <c>precision_recall</c>.</summary>
    internal static PrecisionRecall PrecisionRecallAt(this IScoreOrder s, double threshold)
    {
        ScoreMath.RequireBothSides(s.NegativeCount, s.PositiveCount);
        int fp = s.CountFalseMatches(threshold);
        int tp = s.PositiveCount - s.CountFalseNonMatches(threshold);
        return Rates.PrecisionRecallFromCounts(tp, fp, s.PositiveCount);
    }

    /// <summary>bob's <c>min_hter_threshold</c>.</summary>
    internal static double MinHterThresholdOf(this IScoreOrder s) => s.MinWeightedErrorRateThreshold(0.5);
}
