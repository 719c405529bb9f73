namespace FaceSynth.Metrics;

/// <summary>
/// bob.measure's functions on unsorted, NaN-free scores. Rate functions count in one linear pass;
/// threshold and curve functions sort a copy once (use <see cref="SortedScores"/> to avoid the copy).
/// An empty side throws <see cref="ArgumentException"/> naming it.
/// </summary>
public static class BobMeasure
{
    /// <summary>(FMR, FNMR) at <paramref name="threshold"/>; a NaN threshold gives (1, 1).</summary>
    public static ErrorRates Farfrr(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, double threshold)
    {
        if (double.IsNaN(threshold))
        {
            return new ErrorRates(1.0, 1.0);
        }

        var c = Counts(negatives, positives, threshold);
        return new ErrorRates(c.Fmr, c.Fnmr);
    }

    /// <summary>Error counts at <paramref name="threshold"/>.</summary>
    public static ErrorCounts Counts(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, double threshold)
    {
        ScoreMath.RequireBothSides(negatives.Length, positives.Length);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("the threshold is NaN", nameof(threshold));
        }

        return new ErrorCounts(
            ScoreMath.CountAtOrAbove(negatives, threshold), negatives.Length,
            ScoreMath.CountBelow(positives, threshold), positives.Length);
    }

    /// <summary><c>neg &lt; threshold</c> for each negative.</summary>
    public static bool[] CorrectlyClassifiedNegatives(ReadOnlySpan<double> negatives, double threshold)
    {
        var r = new bool[negatives.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = negatives[i] < threshold;
        }

        return r;
    }

    /// <summary><c>pos &gt;= threshold</c> for each positive.</summary>
    public static bool[] CorrectlyClassifiedPositives(ReadOnlySpan<double> positives, double threshold)
    {
        var r = new bool[positives.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = positives[i] >= threshold;
        }

        return r;
    }

    /// <summary>Precision and recall at <paramref name="threshold"/>.</summary>
    public static PrecisionRecall PrecisionRecall(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, double threshold)
    {
        ScoreMath.RequireBothSides(negatives.Length, positives.Length);
        int fp = ScoreMath.CountAtOrAbove(negatives, threshold);
        int tp = ScoreMath.CountAtOrAbove(positives, threshold);
        return Rates.PrecisionRecallFromCounts(tp, fp, positives.Length);
    }

    /// <summary>F-score with weight <paramref name="weight"/> (&lt;= 0 means 1).</summary>
    public static double FScore(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, double threshold, double weight = 1.0) =>
        Rates.FScore(PrecisionRecall(negatives, positives, threshold), weight);

    /// <summary>bob's <c>far_threshold</c>; <paramref name="positives"/> is ignored and may be empty.</summary>
    public static double FarThreshold(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, double far) =>
        Thresholds.FarThreshold(ScoreMath.SortedCopy(negatives, "negatives"), far);

    /// <summary>bob's <c>frr_threshold</c>; <paramref name="negatives"/> is ignored and may be empty.</summary>
    public static double FrrThreshold(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, double frr, BobVersion version = BobVersion.V6_1_0) =>
        Thresholds.FrrThreshold(ScoreMath.SortedCopy(positives, "positives"), frr, version);

    /// <summary>bob's <c>eer_threshold</c>.</summary>
    public static double EerThreshold(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, BobVersion version = BobVersion.V6_1_0) =>
        SortedScores.FromUnsorted(negatives, positives).EerThreshold(version);

    /// <summary>bob's <c>min_weighted_error_rate_threshold</c>.</summary>
    public static double MinWeightedErrorRateThreshold(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, double cost, BobVersion version = BobVersion.V6_1_0) =>
        SortedScores.FromUnsorted(negatives, positives).MinWeightedErrorRateThreshold(cost, version);

    /// <summary>bob's <c>min_hter_threshold</c>.</summary>
    public static double MinHterThreshold(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, BobVersion version = BobVersion.V6_1_0) =>
        SortedScores.FromUnsorted(negatives, positives).MinHterThreshold(version);

    /// <summary>bob's <c>eer</c> with the FMR, FNMR and threshold behind it.</summary>
    public static EerResult Eer(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, BobVersion version = BobVersion.V6_1_0) =>
        SortedScores.FromUnsorted(negatives, positives).Eer(version);

    /// <summary>bob's <c>roc</c>.</summary>
    public static RocCurve Roc(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, int points, int minPower = -8, BobVersion version = BobVersion.V6_1_0) =>
        SortedScores.FromUnsorted(negatives, positives).Roc(points, minPower, version);

    /// <summary>bob's <c>roc_for_far</c>.</summary>
    public static RocCurve RocForFar(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, ReadOnlySpan<double> fmrValues) =>
        SortedScores.FromUnsorted(negatives, positives).RocForFar(fmrValues);

    /// <summary>bob's <c>precision_recall_curve</c>.</summary>
    public static PrecisionRecallCurve PrecisionRecallCurve(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, int points, BobVersion version = BobVersion.V6_1_0) =>
        SortedScores.FromUnsorted(negatives, positives).PrecisionRecallCurve(points, version);

    /// <summary>bob's <c>det</c>.</summary>
    public static DetCurve Det(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, int points, int minPower = -8, BobVersion version = BobVersion.V6_1_0, double epsilon = Ppndf.LegacyEpsilon) =>
        SortedScores.FromUnsorted(negatives, positives).Det(points, minPower, version, epsilon);

    /// <summary>bob's <c>epc</c> with the development thresholds.</summary>
    public static EpcCurve Epc(
        ReadOnlySpan<double> devNegatives, ReadOnlySpan<double> devPositives,
        ReadOnlySpan<double> testNegatives, ReadOnlySpan<double> testPositives, int points, BobVersion version = BobVersion.V6_1_0) =>
        Metrics.Epc.Compute(
            SortedScores.FromUnsorted(devNegatives, devPositives),
            SortedScores.FromUnsorted(testNegatives, testPositives), points, version);

    /// <summary>bob's <c>roc_auc_score</c>.</summary>
    public static double RocAucScore(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives, bool logScale = false, int points = 2000, int minPower = -8) =>
        SortedScores.FromUnsorted(negatives, positives).RocAucScore(logScale, points, minPower);

    /// <summary>Exact Mann-Whitney AUC.</summary>
    public static double MannWhitneyAuc(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives) =>
        SortedScores.FromUnsorted(negatives, positives).MannWhitneyAuc();
}
