namespace FaceSynth.Metrics;

/// <summary>
/// Negative (impostor) and positive (genuine) scores, each sorted ascending and NaN-free. Wrapping
/// sorted data costs nothing, so every threshold, rate and curve below runs without copying or
/// re-sorting: rates at a threshold use binary search (O(log n)), the sweeps one merge pass.
/// Build one with <see cref="FromUnsorted"/> (sorts copies once) or wrap arrays you sorted yourself.
/// </summary>
public sealed class SortedScores : IScoreOrder
{
    private readonly ReadOnlyMemory<double> _negatives;
    private readonly ReadOnlyMemory<double> _positives;

    /// <summary>
    /// Wraps already sorted scores without copying. With <paramref name="verify"/> (default) one O(n)
    /// pass checks ascending order and the absence of NaN and throws <see cref="ArgumentException"/>.
    /// </summary>
    public SortedScores(ReadOnlyMemory<double> sortedNegatives, ReadOnlyMemory<double> sortedPositives, bool verify = true)
    {
        if (verify)
        {
            RequireSorted(sortedNegatives.Span, "negatives");
            RequireSorted(sortedPositives.Span, "positives");
        }

        _negatives = sortedNegatives;
        _positives = sortedPositives;
    }

    /// <summary>Sorts copies of the (NaN-free) inputs once.</summary>
    public static SortedScores FromUnsorted(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives) =>
        new(ScoreMath.SortedCopy(negatives, "negatives"), ScoreMath.SortedCopy(positives, "positives"), verify: false);

    /// <summary>Negative scores, ascending.</summary>
    public ReadOnlySpan<double> Negatives => _negatives.Span;

    /// <summary>Positive scores, ascending.</summary>
    public ReadOnlySpan<double> Positives => _positives.Span;

    /// <summary>Number of negative scores.</summary>
    public int NegativeCount => _negatives.Length;

    /// <summary>Number of positive scores.</summary>
    public int PositiveCount => _positives.Length;

    /// <summary>#{neg &gt;= threshold}.</summary>
    public int CountFalseMatches(double threshold) => NegativeCount - ScoreMath.LowerBound(Negatives, threshold);

    /// <summary>#{pos &lt; threshold}.</summary>
    public int CountFalseNonMatches(double threshold) => ScoreMath.LowerBound(Positives, threshold);

    /// <summary>Error counts at <paramref name="threshold"/>; both sides must be non-empty.</summary>
    public ErrorCounts Counts(double threshold)
    {
        ScoreMath.RequireBothSides(NegativeCount, PositiveCount);
        if (double.IsNaN(threshold))
        {
            throw new ArgumentException("the threshold is NaN", nameof(threshold));
        }

        return new ErrorCounts(CountFalseMatches(threshold), NegativeCount, CountFalseNonMatches(threshold), PositiveCount);
    }

    /// <summary>bob's <c>farfrr</c>: (FMR, FNMR) at <paramref name="threshold"/>; a NaN threshold gives (1, 1).</summary>
    public ErrorRates Farfrr(double threshold)
    {
        if (double.IsNaN(threshold))
        {
            return new ErrorRates(1.0, 1.0);
        }

        var c = Counts(threshold);
        return new ErrorRates(c.Fmr, c.Fnmr);
    }

    /// <summary>bob's <c>precision_recall</c> at <paramref name="threshold"/>.</summary>
    public PrecisionRecall PrecisionRecall(double threshold)
    {
        ScoreMath.RequireBothSides(NegativeCount, PositiveCount);
        int fp = CountFalseMatches(threshold);
        int tp = PositiveCount - CountFalseNonMatches(threshold);
        return Rates.PrecisionRecallFromCounts(tp, fp, PositiveCount);
    }

    /// <summary>bob's <c>f_score</c>; a weight &lt;= 0 is taken as 1.</summary>
    public double FScore(double threshold, double weight = 1.0) => Rates.FScore(PrecisionRecall(threshold), weight);

    /// <summary>bob's <c>far_threshold</c>: lowest threshold whose real FMR is at most <paramref name="far"/> (needs &gt;= 2 negatives; positives are ignored).</summary>
    public double FarThreshold(double far) => Thresholds.FarThreshold(Negatives, far);

    /// <summary>bob's <c>frr_threshold</c> with its tie quirk (needs &gt;= 2 positives; negatives are ignored).</summary>
    public double FrrThreshold(double frr, BobVersion version = BobVersion.V6_1_0) =>
        Thresholds.FrrThreshold(Positives, frr, version);

    /// <summary>bob's <c>eer_threshold</c> (sweep with running sums and midpoints).</summary>
    public double EerThreshold(BobVersion version = BobVersion.V6_1_0) => Sweep.EerThreshold(Negatives, Positives, version);

    /// <summary>bob's <c>min_weighted_error_rate_threshold</c>; <paramref name="cost"/> is clipped to [0, 1].</summary>
    public double MinWeightedErrorRateThreshold(double cost, BobVersion version = BobVersion.V6_1_0) =>
        Sweep.MinWeightedErrorRateThreshold(Negatives, Positives, cost, version);

    /// <summary>bob's <c>min_hter_threshold</c> (weighted error with cost 0.5).</summary>
    public double MinHterThreshold(BobVersion version = BobVersion.V6_1_0) => MinWeightedErrorRateThreshold(0.5, version);

    /// <summary>bob's <c>eer</c>: (FMR + FNMR) / 2 recomputed at <see cref="EerThreshold"/>.</summary>
    public EerResult Eer(BobVersion version = BobVersion.V6_1_0)
    {
        double t = EerThreshold(version);
        var r = Farfrr(t);
        return new EerResult((r.Fmr + r.Fnmr) / 2.0, r.Fmr, r.Fnmr, t);
    }

    /// <summary>bob's <c>roc</c> with <paramref name="points"/> points (at least 16).</summary>
    public RocCurve Roc(int points, int minPower = -8, BobVersion version = BobVersion.V6_1_0) =>
        Curves.Roc(this, points, minPower, version);

    /// <summary>bob's <c>roc_for_far</c>: achieved (FMR, FNMR) at <c>far_threshold(v)</c> for each requested v.</summary>
    public RocCurve RocForFar(ReadOnlySpan<double> fmrValues) => Curves.RocForFar(this, fmrValues);

    /// <summary>bob's <c>precision_recall_curve</c>.</summary>
    public PrecisionRecallCurve PrecisionRecallCurve(int points, BobVersion version = BobVersion.V6_1_0) =>
        Curves.PrecisionRecall(this, points, version);

    /// <summary>bob's <c>det</c>: <see cref="Ppndf"/> of <see cref="Roc"/>.</summary>
    public DetCurve Det(int points, int minPower = -8, BobVersion version = BobVersion.V6_1_0, double epsilon = Ppndf.LegacyEpsilon) =>
        Ppndf.Det(Roc(points, minPower, version), epsilon);

    /// <summary>bob's <c>roc_auc_score</c> (trapezoids on a 2000-point ROC; log10 FMR axis with <paramref name="logScale"/>).</summary>
    public double RocAucScore(bool logScale = false, int points = 2000, int minPower = -8) =>
        Auc.RocAucScore(this, logScale, points, minPower);

    /// <summary>Exact AUC <c>P(pos &gt; neg) + 0.5 P(pos == neg)</c> (Mann-Whitney), one merge pass.</summary>
    public double MannWhitneyAuc() => Auc.MannWhitney(this);

    double IScoreOrder.FrrThreshold(double frr) => FrrThreshold(frr);

    double IScoreOrder.EerThreshold() => EerThreshold();

    double IScoreOrder.MinWeightedErrorRateThreshold(double cost) => MinWeightedErrorRateThreshold(cost);

    private static void RequireSorted(ReadOnlySpan<double> s, string side)
    {
        ScoreMath.RequireNoNaN(s, side);
        for (int i = 1; i < s.Length; i++)
        {
            if (s[i] < s[i - 1])
            {
                throw new ArgumentException($"{side} are not sorted ascending (index {i})", side);
            }
        }
    }
}
