namespace FaceSynth.Metrics;

/// <summary>ROC, precision-recall and <c>roc_for_far</c> (EVALUATION 2.5, 2.12) on sorted input.</summary>
internal static class Curves
{
    /// <summary>Smallest number of points accepted (upstream's divisor would be 0 below it).</summary>
    internal const int MinimumPoints = 16;

    /// <summary><c>10^(k / m)</c> for <c>k = 1 - count .. 0</c>, <c>m = truncate(count / -minPower)</c>.</summary>
    internal static double[] LogValues(int count, int minPower)
    {
        int m = (int)(count / (double)-minPower);
        if (m == 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(count), count, $"too few points for minPower {minPower}: need at least {-minPower} per half");
        }

        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            int k = i + 1 - count;

            // One scalar correctly rounded pow per value (glibc), as upstream's reference arrays need.
            values[i] = Math.Pow(10.0, (double)k / m);
        }

        return values;
    }

    /// <summary>v6.1.0 "meaningful" thresholds: frr_threshold at h log values, far_threshold at n - h, sorted.</summary>
    internal static double[] MeaningfulThresholds(IScoreOrder s, int points, int minPower)
    {
        int h = points / 2;
        var t = new double[points];
        var frrList = LogValues(h, minPower);
        var farList = LogValues(points - h, minPower);
        for (int i = 0; i < h; i++)
        {
            t[i] = s.FrrThreshold(frrList[i]);
        }

        for (int i = 0; i < farList.Length; i++)
        {
            t[h + i] = s.FarThreshold(farList[i]);
        }

        Array.Sort(t);
        return t;
    }

    /// <summary>ROC (row 0 FMR, row 1 FNMR) with the v6.1.0 or v3.0.0 threshold rule.</summary>
    internal static RocCurve Roc(SortedScores s, int points, int minPower, BobVersion version)
    {
        CheckPoints(points, minPower);
        if (version == BobVersion.V3_0_0)
        {
            return RocForFar(s, V3FarValues(points));
        }

        return RocV6(s, points, minPower);
    }

    /// <summary>ROC with the v6.1.0 "meaningful" thresholds, on any <see cref="IScoreOrder"/>.</summary>
    internal static RocCurve RocV6(IScoreOrder s, int points, int minPower)
    {
        CheckPoints(points, minPower);
        var t = MeaningfulThresholds(s, points, minPower);
        var fmr = new double[points];
        var fnmr = new double[points];
        for (int i = 0; i < points; i++)
        {
            var r = s.Farfrr(t[i]);
            fmr[i] = r.Fmr;
            fnmr[i] = r.Fnmr;
        }

        return new RocCurve(fmr, fnmr, t);
    }

    /// <summary>Precision-recall curve with the v6.1.0 thresholds or v3.0.0's evenly spaced ones.</summary>
    internal static PrecisionRecallCurve PrecisionRecall(SortedScores s, int points, BobVersion version)
    {
        double[] t;
        if (version == BobVersion.V3_0_0)
        {
            if (points < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(points), points, "at least 2 points are needed");
            }

            ScoreMath.RequireBothSides(s.NegativeCount, s.PositiveCount);
            double lo = Math.Min(s.Negatives[0], s.Positives[0]);
            double hi = Math.Max(s.Negatives[^1], s.Positives[^1]);
            double step = (hi - lo) / ((double)points - 1.0);
            t = new double[points];
            for (int i = 0; i < points; i++)
            {
                t[i] = lo + (i * step);
            }
        }
        else
        {
            CheckPoints(points, -8);
            t = MeaningfulThresholds(s, points, -8);
        }

        var precision = new double[points];
        var recall = new double[points];
        for (int i = 0; i < points; i++)
        {
            var pr = s.PrecisionRecall(t[i]);
            precision[i] = pr.Precision;
            recall[i] = pr.Recall;
        }

        return new PrecisionRecallCurve(precision, recall, t);
    }

    /// <summary>For each requested FMR v: the rates at <c>far_threshold(v)</c> (achieved FMR, never above v).</summary>
    internal static RocCurve RocForFar(SortedScores s, ReadOnlySpan<double> fmrValues)
    {
        ScoreMath.RequireBothSides(s.NegativeCount, s.PositiveCount);
        var fmr = new double[fmrValues.Length];
        var fnmr = new double[fmrValues.Length];
        var t = new double[fmrValues.Length];
        for (int i = 0; i < fmrValues.Length; i++)
        {
            t[i] = Thresholds.FarThreshold(s.Negatives, fmrValues[i]);
            var r = s.Farfrr(t[i]);
            fmr[i] = r.Fmr;
            fnmr[i] = r.Fnmr;
        }

        return new RocCurve(fmr, fnmr, t);
    }

    /// <summary>v3.0.0 FAR list: <c>10^(k / m)</c>, <c>k = 1-n..0</c>, <c>m = n / 8</c> in integer arithmetic.</summary>
    private static double[] V3FarValues(int points)
    {
        int m = points / 8;
        var values = new double[points];
        for (int i = 0; i < points; i++)
        {
            int k = i + 1 - points;
            values[i] = Math.Pow(10.0, (double)k / m);
        }

        return values;
    }

    private static void CheckPoints(int points, int minPower)
    {
        if (points < MinimumPoints)
        {
            throw new ArgumentOutOfRangeException(
                nameof(points), points, $"ROC/DET/PR curves need at least {MinimumPoints} points");
        }

        if (minPower >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minPower), minPower, "minPower must be negative");
        }
    }
}
