namespace FaceSynth.Metrics.Fairness;

/// <summary>
/// Demographic differential summaries over G groups (EVALUATION.md 5.2). Undefined cases (zero
/// denominators, zero rates in a ratio or geometric mean, Gini of all zeros, NaN inputs, fewer than two
/// groups where needed) return NaN with a reason. An optional <c>floor</c> replaces rates below it first
/// (off by default, configurable point 11).
/// </summary>
public static class FairnessMetrics
{
    /// <summary>Default weight of the FMR term in GARBE, FDR and IR.</summary>
    public const double DefaultAlpha = 0.5;

    /// <summary>max x / min x (parity 1).</summary>
    public static FairnessValue MaxMinRatio(ReadOnlySpan<double> x, double? floor = null)
    {
        if (Check(x, 1) is { } bad)
        {
            return bad;
        }

        var (min, max) = MinMax(x, floor);
        return min == 0 ? FairnessValue.Undefined("the smallest rate is 0 (ratio undefined)") : FairnessValue.Of(max / min);
    }

    /// <summary>NIST FRTE max / geometric mean, the geometric mean via logs (parity 1).</summary>
    public static FairnessValue MaxGeoMeanRatio(ReadOnlySpan<double> x, double? floor = null)
    {
        if (Check(x, 1) is { } bad)
        {
            return bad;
        }

        double logSum = 0, max = double.NegativeInfinity;
        foreach (double v0 in x)
        {
            double v = Floor(v0, floor);
            if (v == 0)
            {
                return FairnessValue.Undefined("a rate is 0, so the geometric mean is 0");
            }

            logSum += Math.Log(v);
            max = Math.Max(max, v);
        }

        return FairnessValue.Of(max / Math.Exp(logSum / x.Length));
    }

    /// <summary>Gini coefficient with sample correction: (G / (G - 1)) * sum_i sum_j |x_i - x_j| / (2 G^2 mean) (parity 0).</summary>
    public static FairnessValue Gini(ReadOnlySpan<double> x)
    {
        if (Check(x, 2) is { } bad)
        {
            return bad;
        }

        int g = x.Length;
        double sum = 0, diff = 0;
        for (int i = 0; i < g; i++)
        {
            sum += x[i];
            for (int j = 0; j < g; j++)
            {
                diff += Math.Abs(x[i] - x[j]);
            }
        }

        double mean = sum / g;
        if (mean == 0)
        {
            return FairnessValue.Undefined("all rates are 0 (Gini undefined)");
        }

        return FairnessValue.Of((double)g / (g - 1) * diff / (2.0 * g * g * mean));
    }

    /// <summary>GARBE (Howard et al. 2022): alpha Gini(FMR) + (1 - alpha) Gini(FNMR) (parity 0).</summary>
    public static FairnessValue Garbe(ReadOnlySpan<double> fmr, ReadOnlySpan<double> fnmr, double alpha = DefaultAlpha)
    {
        CheckAlpha(alpha);
        var a = Gini(fmr);
        var b = Gini(fnmr);
        if (!a.IsDefined || !b.IsDefined)
        {
            return FairnessValue.Undefined(!a.IsDefined ? $"Gini(FMR): {a.Reason}" : $"Gini(FNMR): {b.Reason}");
        }

        return FairnessValue.Of((alpha * a.Value) + ((1 - alpha) * b.Value));
    }

    /// <summary>FDR (de Freitas Pereira and Marcel): 1 - (alpha max|FMR_i - FMR_j| + (1 - alpha) max|FNMR_i - FNMR_j|) (parity 1).</summary>
    public static FairnessValue Fdr(ReadOnlySpan<double> fmr, ReadOnlySpan<double> fnmr, double alpha = DefaultAlpha)
    {
        CheckAlpha(alpha);
        if (Check(fmr, 1) is { } bad1)
        {
            return bad1;
        }

        if (Check(fnmr, 1) is { } bad2)
        {
            return bad2;
        }

        var (minA, maxA) = MinMax(fmr, null);
        var (minB, maxB) = MinMax(fnmr, null);
        return FairnessValue.Of(1 - ((alpha * (maxA - minA)) + ((1 - alpha) * (maxB - minB))));
    }

    /// <summary>Inequity rate: (max FMR / min FMR)^alpha * (max FNMR / min FNMR)^(1 - alpha) (parity 1).</summary>
    public static FairnessValue InequityRate(ReadOnlySpan<double> fmr, ReadOnlySpan<double> fnmr, double alpha = DefaultAlpha, double? floor = null)
    {
        CheckAlpha(alpha);
        var a = MaxMinRatio(fmr, floor);
        var b = MaxMinRatio(fnmr, floor);
        if (!a.IsDefined || !b.IsDefined)
        {
            return FairnessValue.Undefined(!a.IsDefined ? $"FMR: {a.Reason}" : $"FNMR: {b.Reason}");
        }

        return FairnessValue.Of(Math.Pow(a.Value, alpha) * Math.Pow(b.Value, 1 - alpha));
    }

    /// <summary>Skewed error ratio (RFW): max err / min err with err_g = 100 - accuracy_g, accuracies in percent (parity 1).</summary>
    public static FairnessValue SkewedErrorRatio(ReadOnlySpan<double> accuracyPercent, double? floor = null)
    {
        var err = new double[accuracyPercent.Length];
        for (int i = 0; i < err.Length; i++)
        {
            err[i] = 100 - accuracyPercent[i];
        }

        var r = MaxMinRatio(err, floor);
        return r.IsDefined ? r : FairnessValue.Undefined($"error rates: {r.Reason}");
    }

    /// <summary>Standard deviation of per-group accuracy (population by default, sample on request) (parity 0).</summary>
    public static FairnessValue AccuracyStd(ReadOnlySpan<double> accuracy, bool sample = false)
    {
        if (Check(accuracy, sample ? 2 : 1) is { } bad)
        {
            return bad;
        }

        return FairnessValue.Of(StandardDeviation(accuracy, sample));
    }

    /// <summary>Mean and standard deviation (two-pass; population or sample).</summary>
    internal static double StandardDeviation(ReadOnlySpan<double> x, bool sample)
    {
        double mean = 0;
        foreach (double v in x)
        {
            mean += v;
        }

        mean /= x.Length;
        double ss = 0;
        foreach (double v in x)
        {
            ss += (v - mean) * (v - mean);
        }

        return Math.Sqrt(ss / (sample ? x.Length - 1 : x.Length));
    }

    private static FairnessValue? Check(ReadOnlySpan<double> x, int minGroups)
    {
        if (x.Length < minGroups)
        {
            return FairnessValue.Undefined(minGroups == 1 ? "no group" : $"needs at least {minGroups} groups, got {x.Length}");
        }

        foreach (double v in x)
        {
            if (double.IsNaN(v))
            {
                return FairnessValue.Undefined("a group's rate is undefined (NaN: no comparisons of that kind)");
            }
        }

        return null;
    }

    private static (double Min, double Max) MinMax(ReadOnlySpan<double> x, double? floor)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v0 in x)
        {
            double v = Floor(v0, floor);
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }

        return (min, max);
    }

    private static double Floor(double v, double? floor) => floor is { } f && v < f ? f : v;

    private static void CheckAlpha(double alpha)
    {
        if (!(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1]");
        }
    }
}
