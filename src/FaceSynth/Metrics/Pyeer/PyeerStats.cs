namespace FaceSynth.Metrics.Pyeer;

/// <summary>
/// Every statistic pyeer 0.5.6 reports for one experiment (EVALUATION.md 3.1-3.4): the curve,
/// FVC2000 EER, operating points, AUC, score distribution moments, decidability d', Youden J and MCC.
/// </summary>
public sealed class PyeerStats
{
    /// <summary>Operating point targets for FMR: ZeroFMR, FMR1000, FMR100, FMR20, FMR10.</summary>
    public static IReadOnlyList<(string Name, double Target)> FmrTargets { get; } =
        [("ZeroFMR", 0.0), ("FMR1000", 1e-3), ("FMR100", 1e-2), ("FMR20", 5e-2), ("FMR10", 1e-1)];

    private PyeerStats(PyeerCurve curve)
    {
        Curve = curve;
    }

    /// <summary>Thresholds and rates.</summary>
    public PyeerCurve Curve { get; }

    /// <summary>FVC2000 EER.</summary>
    public PyeerEer Eer { get; private init; } = null!;

    /// <summary>ZeroFMR, FMR1000, FMR100, FMR20, FMR10 in that order (value = FNMR).</summary>
    public IReadOnlyList<PyeerOperatingPoint> FmrPoints { get; private init; } = [];

    /// <summary>ZeroFNMR (value = FMR).</summary>
    public PyeerOperatingPoint ZeroFnmr { get; private init; } = null!;

    /// <summary>Area under the ROC (FMR, 1 - FNMR) by trapezoids in threshold order.</summary>
    public double Auc { get; private init; }

    /// <summary>Mean of the genuine scores.</summary>
    public double GenuineMean { get; private init; }

    /// <summary>Population standard deviation of the genuine scores.</summary>
    public double GenuineStd { get; private init; }

    /// <summary>Mean of the impostor scores (count-weighted in histogram mode).</summary>
    public double ImpostorMean { get; private init; }

    /// <summary>Population standard deviation of the impostor scores (count-weighted in histogram mode).</summary>
    public double ImpostorStd { get; private init; }

    /// <summary>Decidability d' = |mu_g - mu_i| / sqrt((sigma_g^2 + sigma_i^2) / 2); 1 when both deviations are 0.</summary>
    public double Decidability { get; private init; }

    /// <summary>Youden's J = max (1 - FNMR - FMR), first maximum.</summary>
    public double YoudenJ { get; private init; }

    /// <summary>Index of the threshold attaining <see cref="YoudenJ"/>.</summary>
    public int YoudenIndex { get; private init; }

    /// <summary>Maximum Matthews correlation coefficient over the thresholds, first maximum.</summary>
    public double Mcc { get; private init; }

    /// <summary>Index of the threshold attaining <see cref="Mcc"/>.</summary>
    public int MccIndex { get; private init; }

    /// <summary>Normal mode: statistics of genuine and impostor score lists (NaN removed).</summary>
    public static PyeerStats Compute(ReadOnlySpan<double> genuine, ReadOnlySpan<double> impostor, PyeerScoreType scoreType = PyeerScoreType.Similarity)
    {
        var curve = PyeerRates.Compute(genuine, impostor, scoreType);
        double[] gen = Finite(genuine);
        double[] imp = Finite(impostor);
        double gm = NumpyReduce.Mean(gen), gs = NumpyReduce.Std(gen);
        double im = NumpyReduce.Mean(imp), isd = NumpyReduce.Std(imp);
        return Build(curve, gm, gs, im, isd);
    }

    /// <summary>Histogram mode: impostors given as counts per integer score (see <see cref="PyeerRates.ComputeHistogram"/>).</summary>
    public static PyeerStats ComputeHistogram(ReadOnlySpan<double> genuine, ReadOnlySpan<double> impostorHistogram, PyeerScoreType scoreType = PyeerScoreType.Similarity)
    {
        var curve = PyeerRates.ComputeHistogram(genuine, impostorHistogram, scoreType);
        double[] gen = Finite(genuine);
        double gm = NumpyReduce.Mean(gen), gs = NumpyReduce.Std(gen);
        var weighted = new double[impostorHistogram.Length];
        for (int k = 0; k < weighted.Length; k++)
        {
            weighted[k] = k * impostorHistogram[k];
        }

        double total = curve.ImpostorCount;
        double im = NumpyReduce.Sum(weighted) / total;
        for (int k = 0; k < weighted.Length; k++)
        {
            double d = k - im;
            weighted[k] = impostorHistogram[k] * d * d;
        }

        double isd = Math.Sqrt(NumpyReduce.Sum(weighted) / total);
        return Build(curve, gm, gs, im, isd);
    }

    /// <summary>FVC2000 EER of a curve (EVALUATION.md 3.2).</summary>
    public static PyeerEer FindEer(PyeerCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        double[] fmr = curve.Fmr, fnmr = curve.Fnmr;
        int t2 = -1;
        for (int k = 0; k < fmr.Length; k++)
        {
            if (fmr[k] - fnmr[k] <= 0)
            {
                t2 = k;
                break;
            }
        }

        if (t2 < 0)
        {
            return new PyeerEer(1.0, 1.0, 1.0, 0, curve.Thresholds[0], "FMR stays above FNMR at every threshold; EER set to 1 (check the score type)");
        }

        int t1 = (fmr[t2] - fnmr[t2] != 0 && t2 != 0) ? t2 - 1 : t2;
        double low, high;
        int k0;
        if (fmr[t1] + fnmr[t1] <= fmr[t2] + fnmr[t2])
        {
            k0 = t1;
            low = fnmr[t1];
            high = fmr[t1];
        }
        else
        {
            k0 = t2;
            low = fmr[t2];
            high = fnmr[t2];
        }

        return new PyeerEer((low + high) / 2, low, high, k0, curve.Thresholds[k0], null);
    }

    /// <summary>FNMR at the FIRST threshold whose FMR is nearest to <paramref name="target"/> (may be above it).</summary>
    public static PyeerOperatingPoint FmrPoint(PyeerCurve curve, double target, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        int best = 0;
        double bestDiff = double.PositiveInfinity;
        for (int k = 0; k < curve.Count; k++)
        {
            double d = Math.Abs(curve.Fmr[k] - target);
            if (d < bestDiff)
            {
                bestDiff = d;
                best = k;
            }
        }

        return new PyeerOperatingPoint(name ?? $"FMR={target}", target, best, curve.Thresholds[best], curve.Fmr[best], curve.Fnmr[best]);
    }

    /// <summary>FMR at the LAST threshold whose FNMR is nearest to <paramref name="target"/> (ZeroFNMR for 0).</summary>
    public static PyeerOperatingPoint FnmrPoint(PyeerCurve curve, double target, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(curve);
        int best = 0;
        double bestDiff = double.PositiveInfinity;
        for (int k = 0; k < curve.Count; k++)
        {
            double d = Math.Abs(curve.Fnmr[k] - target);
            if (d <= bestDiff)
            {
                bestDiff = d;
                best = k;
            }
        }

        return new PyeerOperatingPoint(name ?? $"FNMR={target}", target, best, curve.Thresholds[best], curve.Fnmr[best], curve.Fmr[best]);
    }

    /// <summary>pyeer AUC: sum over consecutive thresholds of (x_k - x_k+1) * (y_k + (y_k+1 - y_k) / 2), x = FMR, y = 1 - FNMR.</summary>
    public static double ComputeAuc(PyeerCurve curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        int n = curve.Count;
        if (n < 2)
        {
            return 0.0;
        }

        var terms = new double[n - 1];
        for (int k = 0; k < n - 1; k++)
        {
            double y1 = 1 - curve.Fnmr[k];
            double y2 = 1 - curve.Fnmr[k + 1];
            terms[k] = (curve.Fmr[k] - curve.Fmr[k + 1]) * (y1 + ((y2 - y1) / 2));
        }

        return NumpyReduce.Sum(terms);
    }

    private static PyeerStats Build(PyeerCurve curve, double gm, double gs, double im, double isd)
    {
        var fmrPoints = new List<PyeerOperatingPoint>();
        foreach (var (name, target) in FmrTargets)
        {
            fmrPoints.Add(FmrPoint(curve, target, name));
        }

        double dprime = (gs == 0 && isd == 0) ? 1.0 : Math.Abs(gm - im) / Math.Sqrt(0.5 * ((gs * gs) + (isd * isd)));

        int jIndex = 0;
        double j = double.NegativeInfinity;
        int mIndex = 0;
        double mcc = double.NegativeInfinity;
        for (int k = 0; k < curve.Count; k++)
        {
            double jk = 1 - curve.Fnmr[k] - curve.Fmr[k];
            if (jk > j)
            {
                j = jk;
                jIndex = k;
            }

            double fn = curve.FalseNonMatches[k], fp = curve.FalseMatches[k];
            double tp = curve.GenuineCount - fn, tn = curve.ImpostorCount - fp;
            double den = Math.Sqrt(tp + fp) * Math.Sqrt(tp + fn) * Math.Sqrt(tn + fp) * Math.Sqrt(tn + fn);
            if (den == 0)
            {
                den = 1;
            }

            double m = ((tp * tn) - (fp * fn)) / den;
            if (m > mcc)
            {
                mcc = m;
                mIndex = k;
            }
        }

        return new PyeerStats(curve)
        {
            Eer = FindEer(curve),
            FmrPoints = fmrPoints,
            ZeroFnmr = FnmrPoint(curve, 0.0, "ZeroFNMR"),
            Auc = ComputeAuc(curve),
            GenuineMean = gm,
            GenuineStd = gs,
            ImpostorMean = im,
            ImpostorStd = isd,
            Decidability = dprime,
            YoudenJ = j,
            YoudenIndex = jIndex,
            Mcc = mcc,
            MccIndex = mIndex,
        };
    }

    private static double[] Finite(ReadOnlySpan<double> values)
    {
        var list = new List<double>(values.Length);
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                list.Add(v);
            }
        }

        return [.. list];
    }
}
