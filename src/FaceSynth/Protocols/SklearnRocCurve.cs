namespace FaceSynth.Protocols;

/// <summary>
/// A ROC curve as scikit-learn's <c>roc_curve</c> returns it: points in order of decreasing
/// threshold (FPR and TPR non-decreasing), starting at (0, 0) with threshold +infinity.
/// </summary>
public sealed class SklearnRocCurve
{
    internal SklearnRocCurve(double[] fpr, double[] tpr, double[] thresholds, long[] falsePositives, long[] truePositives)
    {
        Fpr = fpr;
        Tpr = tpr;
        Thresholds = thresholds;
        FalsePositives = falsePositives;
        TruePositives = truePositives;
    }

    /// <summary>False positive rate (FMR) of each point: fps / number of negatives.</summary>
    public double[] Fpr { get; }

    /// <summary>True positive rate (TAR) of each point: tps / number of positives.</summary>
    public double[] Tpr { get; }

    /// <summary>
    /// Score threshold of each point (accept iff score &gt;= threshold). The first point's threshold is
    /// +infinity, as in scikit-learn &gt;= 1.3 (1.2 wrote max score + 1).
    /// </summary>
    public double[] Thresholds { get; }

    /// <summary>Cumulative count of accepted negatives at each point.</summary>
    public long[] FalsePositives { get; }

    /// <summary>Cumulative count of accepted positives at each point.</summary>
    public long[] TruePositives { get; }

    /// <summary>Number of points.</summary>
    public int Count => Fpr.Length;
}
