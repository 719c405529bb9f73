namespace FaceSynth.Metrics.Pyeer;

/// <summary>
/// pyeer's error-rate curve: one entry per candidate threshold, in pyeer's threshold order
/// (ascending for similarity scores, descending for dissimilarity scores, so FMR never increases
/// along the arrays). Counts are doubles because histogram files hold counts as numbers.
/// </summary>
public sealed class PyeerCurve
{
    internal PyeerCurve(double[] thresholds, double[] falseMatches, double[] falseNonMatches, double impostorCount, double genuineCount, bool histogram, PyeerScoreType scoreType)
    {
        Thresholds = thresholds;
        FalseMatches = falseMatches;
        FalseNonMatches = falseNonMatches;
        ImpostorCount = impostorCount;
        GenuineCount = genuineCount;
        Histogram = histogram;
        ScoreType = scoreType;
        Fmr = new double[thresholds.Length];
        Fnmr = new double[thresholds.Length];
        for (int k = 0; k < thresholds.Length; k++)
        {
            Fmr[k] = falseMatches[k] / impostorCount;
            Fnmr[k] = falseNonMatches[k] / genuineCount;
        }
    }

    /// <summary>Candidate thresholds (observed scores in normal mode, 0..T in histogram mode).</summary>
    public double[] Thresholds { get; }

    /// <summary>False match rate at each threshold: accepted impostors / impostors.</summary>
    public double[] Fmr { get; }

    /// <summary>False non-match rate at each threshold: rejected genuine / genuine.</summary>
    public double[] Fnmr { get; }

    /// <summary>Number of accepted impostor comparisons at each threshold.</summary>
    public double[] FalseMatches { get; }

    /// <summary>Number of rejected genuine comparisons at each threshold.</summary>
    public double[] FalseNonMatches { get; }

    /// <summary>Number of impostor comparisons (sum of the histogram in histogram mode).</summary>
    public double ImpostorCount { get; }

    /// <summary>Number of genuine comparisons.</summary>
    public double GenuineCount { get; }

    /// <summary>True when the impostors were given as a histogram of integer scores.</summary>
    public bool Histogram { get; }

    /// <summary>Score orientation used.</summary>
    public PyeerScoreType ScoreType { get; }

    /// <summary>Number of thresholds.</summary>
    public int Count => Thresholds.Length;
}
