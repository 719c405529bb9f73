using FaceSynth.Scores;

namespace FaceSynth.Metrics;

/// <summary>
/// Closed- and open-set identification rates (EVALUATION 2.9; Li and Jain 2005, ch. 14.1) over
/// <see cref="ProbeScores"/> (one per probe; a null or empty side means "absent", a probe without
/// positives is an unknown, out-of-gallery probe). Scores must be NaN-free.
/// </summary>
public static class Identification
{
    /// <summary>
    /// Cumulative match characteristic: entry r - 1 is the fraction of probes whose best positive is
    /// beaten (ties count against it) by fewer than r negatives. Length: 1 + the largest number of
    /// negatives of any probe. Every probe must have positives.
    /// </summary>
    public static double[] Cmc(IReadOnlyList<ProbeScores> probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        if (probes.Count == 0)
        {
            throw new ArgumentException("the given set of scores is empty", nameof(probes));
        }

        int longest = 0;
        foreach (var p in probes)
        {
            ArgumentNullException.ThrowIfNull(p);
            longest = Math.Max(longest, p.Negatives?.Length ?? 0);
        }

        var histogram = new long[longest + 1];
        for (int i = 0; i < probes.Count; i++)
        {
            var p = probes[i];
            if (!HasPositives(p))
            {
                throw new ArgumentException(
                    $"probe {i} has no positive score; the CMC needs at least one positive per probe", nameof(probes));
            }

            histogram[Rank(p.Negatives, Max(p.Positives!))]++;
        }

        var cmc = new double[histogram.Length];
        long cumulative = 0;
        for (int r = 0; r < histogram.Length; r++)
        {
            cumulative += histogram[r];
            cmc[r] = ScoreMath.Rate(cumulative, probes.Count);
        }

        return cmc;
    }

    /// <summary>
    /// bob's <c>recognition_rate</c>. Without threshold every probe counts and unknown probes are wrong.
    /// With a threshold, scores not strictly above it are dropped first; an unknown probe with nothing
    /// left is a correct rejection and leaves the denominator. Empty input gives 0.
    /// </summary>
    public static double RecognitionRate(IReadOnlyList<ProbeScores> probes, double? threshold = null, int rank = 1)
    {
        ArgumentNullException.ThrowIfNull(probes);
        if (probes.Count == 0)
        {
            return 0.0;
        }

        long correct = 0, counted = 0;
        for (int i = 0; i < probes.Count; i++)
        {
            var p = probes[i];
            if (!HasNegatives(p) && !HasPositives(p))
            {
                throw new ArgumentException($"probe {i} has neither positive nor negative scores", nameof(probes));
            }

            double[]? neg = HasNegatives(p) ? p.Negatives : null;
            double[]? pos = HasPositives(p) ? p.Positives : null;
            if (threshold is double t)
            {
                neg = neg is null ? null : Above(neg, t);
                pos = pos is null ? null : Above(pos, t);
            }

            if (pos is null)
            {
                if (neg!.Length == 0)
                {
                    continue;
                }

                counted++;
                continue;
            }

            counted++;
            if (pos.Length == 0)
            {
                continue;
            }

            if (neg is null || neg.Length == 0 || Rank(neg, Max(pos)) < rank)
            {
                correct++;
            }
        }

        return counted == 0 ? 0.0 : ScoreMath.Rate(correct, counted);
    }

    /// <summary>
    /// Detection and identification rate: over probes with positives, the fraction with
    /// <c>max(pos) &gt;= threshold</c> and rank below <paramref name="rank"/>; 0 when there are none.
    /// </summary>
    public static double DetectionIdentificationRate(IReadOnlyList<ProbeScores> probes, double threshold, int rank = 1)
    {
        ArgumentNullException.ThrowIfNull(probes);
        long correct = 0, counted = 0;
        foreach (var p in probes)
        {
            if (!HasPositives(p))
            {
                continue;
            }

            counted++;
            double best = Max(p.Positives!);
            if (best >= threshold && Rank(p.Negatives, best) < rank)
            {
                correct++;
            }
        }

        return counted == 0 ? 0.0 : ScoreMath.Rate(correct, counted);
    }

    /// <summary>
    /// False alarm rate: over probes without positives (each must have negatives), the fraction
    /// with <c>max(neg) &gt;= threshold</c>; 0 when there are none.
    /// </summary>
    public static double FalseAlarmRate(IReadOnlyList<ProbeScores> probes, double threshold)
    {
        ArgumentNullException.ThrowIfNull(probes);
        long alarms = 0, counted = 0;
        for (int i = 0; i < probes.Count; i++)
        {
            var p = probes[i];
            if (HasPositives(p))
            {
                continue;
            }

            counted++;
            if (!HasNegatives(p))
            {
                throw new ArgumentException($"probe {i} has neither positive nor negative scores", nameof(probes));
            }

            if (Max(p.Negatives!) >= threshold)
            {
                alarms++;
            }
        }

        return counted == 0 ? 0.0 : ScoreMath.Rate(alarms, counted);
    }

    private static bool HasNegatives(ProbeScores p) => p.Negatives is { Length: > 0 };

    private static bool HasPositives(ProbeScores p) => p.Positives is { Length: > 0 };

    /// <summary>Zero-based rank: #{negatives &gt;= best positive}.</summary>
    private static int Rank(double[]? negatives, double bestPositive) =>
        negatives is null ? 0 : ScoreMath.CountAtOrAbove(negatives, bestPositive);

    private static double Max(double[] values)
    {
        double m = values[0];
        foreach (var v in values)
        {
            if (v > m)
            {
                m = v;
            }
        }

        return m;
    }

    private static double[] Above(double[] values, double t) => Array.FindAll(values, v => v > t);
}
