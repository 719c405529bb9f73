namespace FaceSynth.Metrics;

/// <summary>NaN-free sorted scores plus the number of NaN scores removed from each side.</summary>
public sealed class FtaScores
{
    private readonly FtaOrder _order;

    /// <summary>Wraps NaN-free sorted scores and the NaN counts taken before removal.</summary>
    public FtaScores(SortedScores scores, int negativeNaNs, int positiveNaNs)
    {
        _order = new FtaOrder(scores, negativeNaNs, positiveNaNs);
        Scores = scores;
    }

    /// <summary>The NaN-free scores, sorted.</summary>
    public SortedScores Scores { get; }

    /// <summary>NaN negatives removed.</summary>
    public int NegativeNaNs => _order.NegativeNaNs;

    /// <summary>NaN positives removed.</summary>
    public int PositiveNaNs => _order.PositiveNaNs;

    /// <summary>All scores before removal.</summary>
    public long TotalCount => _order.TotalCount;

    /// <summary>Failure-to-acquire rate <c>(#NaN neg + #NaN pos) / (|neg| + |pos|)</c>, counts before removal.</summary>
    public double Fta => _order.Fta;

    /// <summary>
    /// Rates at <paramref name="threshold"/>: FMR/FNMR on the NaN-free scores, FAR = FMR (1 - FTA),
    /// FRR = FTA + FNMR (1 - FTA); HTER is (FMR + FNMR) / 2 in v6.1.0 and (FAR + FRR) / 2 in v3.0.0.
    /// </summary>
    public FtaRates Rates(double threshold, BobVersion version = BobVersion.V6_1_0) => _order.Rates(threshold, version);

    /// <summary>The same scores and NaN counts behind the <see cref="IScoreOrder"/> interface.</summary>
    internal FtaOrder AsOrder() => _order;
}

/// <summary>Error rates with failure to acquire taken into account (EVALUATION 1.1).</summary>
/// <param name="Fta">Failure-to-acquire rate.</param>
/// <param name="Fmr">FMR on the NaN-free scores.</param>
/// <param name="Fnmr">FNMR on the NaN-free scores.</param>
/// <param name="Far">FMR * (1 - FTA).</param>
/// <param name="Frr">FTA + FNMR * (1 - FTA).</param>
/// <param name="Hter">v6.1.0: (FMR + FNMR) / 2; v3.0.0: (FAR + FRR) / 2.</param>
/// <param name="FalseMatches">round(FMR * Negatives), half to even.</param>
/// <param name="Negatives">NaN-free negatives.</param>
/// <param name="FalseNonMatches">round(FNMR * Positives), half to even.</param>
/// <param name="Positives">NaN-free positives.</param>
public readonly record struct FtaRates(
    double Fta, double Fmr, double Fnmr, double Far, double Frr, double Hter,
    int FalseMatches, int Negatives, int FalseNonMatches, int Positives);
