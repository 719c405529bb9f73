using FaceSynth.Metrics;

namespace FaceSynth.Audit.Leakage;

/// <summary>One of the global best (synthetic, real) pairs, re-scored in double precision.</summary>
/// <param name="Synthetic">0-based synthetic row.</param>
/// <param name="Real">0-based real row.</param>
/// <param name="Score">Cosine in double precision.</param>
/// <param name="SyntheticSubject">Synthetic identity.</param>
/// <param name="RealSubject">Real subject.</param>
/// <param name="SyntheticPath">Synthetic image path, if known.</param>
/// <param name="RealPath">Real image path, if known.</param>
public sealed record LeakagePair(int Synthetic, int Real, double Score, string SyntheticSubject, string RealSubject, string? SyntheticPath, string? RealPath);

/// <summary>Leak metrics at one threshold (AUDIT.md 1.3).</summary>
public sealed record LeakageRate
{
    /// <summary>The threshold.</summary>
    public required FmrThreshold Threshold { get; init; }

    /// <summary>Synthetic samples with m_i &gt;= τ.</summary>
    public long Leaked { get; init; }

    /// <summary>Leaked / N_s.</summary>
    public double LeakRate { get; init; }

    /// <summary>Clopper-Pearson 95% interval of the leak rate.</summary>
    public ConfidenceInterval LeakRateCi { get; init; }

    /// <summary>Sum over samples of real rows with s &gt;= τ.</summary>
    public long MatchedPairs { get; init; }

    /// <summary>f N_s N_r.</summary>
    public double ExpectedPairsNull { get; init; }

    /// <summary>1 - (1 - f)^N_r.</summary>
    public double ExpectedRateNull { get; init; }

    /// <summary>Leak rate against the control set (NaN without one).</summary>
    public double ControlRate { get; init; }

    /// <summary>Interval of the control rate (null without control).</summary>
    public ConfidenceInterval? ControlRateCi { get; init; }

    /// <summary>Synthetic identities flagged at this threshold.</summary>
    public IReadOnlyList<string> FlaggedIdentities { get; init; } = [];
}

/// <summary>Per synthetic identity summary.</summary>
/// <param name="Identity">Synthetic identity.</param>
/// <param name="Samples">Its samples.</param>
/// <param name="MaxScore">Max m_i.</param>
/// <param name="MeanScore">Mean m_i.</param>
/// <param name="AboveThreshold">Samples with m_i &gt;= τ(f), one per threshold.</param>
/// <param name="ModalRealSubject">Most frequent real subject among the best matches (ties: ordinal smallest).</param>
/// <param name="Consistency">Fraction of samples whose best match is the modal subject.</param>
/// <param name="MeanScoreToModal">Mean m_i over those samples.</param>
public sealed record LeakageIdentity(string Identity, int Samples, double MaxScore, double MeanScore, int[] AboveThreshold, string ModalRealSubject, double Consistency, double MeanScoreToModal);

/// <summary>Per real subject counts of synthetic samples / identities best-matching it at or above τ(f).</summary>
/// <param name="Subject">Real subject.</param>
/// <param name="Samples">Synthetic samples, one count per threshold.</param>
/// <param name="Identities">Synthetic identities, one count per threshold.</param>
public sealed record LeakageRealSubject(string Subject, int[] Samples, int[] Identities);

/// <summary>Summary statistics of a score distribution.</summary>
/// <param name="Count">Values.</param>
/// <param name="Mean">Mean.</param>
/// <param name="Min">Minimum.</param>
/// <param name="P05">5th percentile (nearest rank).</param>
/// <param name="Median">Median (nearest rank).</param>
/// <param name="P95">95th percentile (nearest rank).</param>
/// <param name="Max">Maximum.</param>
public sealed record ScoreSummary(long Count, double Mean, double Min, double P05, double Median, double P95, double Max)
{
    /// <summary>Summary of <paramref name="values"/> (at least one).</summary>
    public static ScoreSummary Of(ReadOnlySpan<float> values)
    {
        var s = values.ToArray();
        Array.Sort(s);
        double Rank(double p) => s[Math.Clamp((int)Math.Ceiling(p * s.Length) - 1, 0, s.Length - 1)];
        double sum = 0;
        foreach (float v in s)
        {
            sum += v;
        }

        return new ScoreSummary(s.Length, sum / s.Length, s[0], Rank(0.05), Rank(0.5), Rank(0.95), s[^1]);
    }
}

/// <summary>Everything the leakage audit computed (AUDIT.md 1.3).</summary>
public sealed record LeakageResult
{
    /// <summary>Synthetic rows N_s.</summary>
    public int SyntheticRows { get; init; }

    /// <summary>Real rows N_r.</summary>
    public int RealRows { get; init; }

    /// <summary>Control rows (0 without control).</summary>
    public int ControlRows { get; init; }

    /// <summary>Leak metrics per threshold, in the order of the FMR targets.</summary>
    public required IReadOnlyList<LeakageRate> Rates { get; init; }

    /// <summary>Global best pairs, score descending (ties: synthetic, then real row ascending).</summary>
    public required IReadOnlyList<LeakagePair> TopPairs { get; init; }

    /// <summary>m_i per synthetic row (float32 kernel score).</summary>
    public required float[] BestScores { get; init; }

    /// <summary>r(i) per synthetic row.</summary>
    public required int[] BestReal { get; init; }

    /// <summary>K neighbours per synthetic row (row-major N_s x K; -1 padded).</summary>
    public required int[] NeighbourIndices { get; init; }

    /// <summary>Their scores.</summary>
    public required float[] NeighbourScores { get; init; }

    /// <summary>K.</summary>
    public int K { get; init; }

    /// <summary>Best score per synthetic row against the control set (null without control).</summary>
    public float[]? ControlBestScores { get; init; }

    /// <summary>Distribution of m_i.</summary>
    public required ScoreSummary NnScores { get; init; }

    /// <summary>Distribution of control best scores.</summary>
    public ScoreSummary? ControlNnScores { get; init; }

    /// <summary>Per synthetic identity, sorted by max score descending then identity.</summary>
    public required IReadOnlyList<LeakageIdentity> Identities { get; init; }

    /// <summary>Real subjects with at least one best match at or above the loosest threshold, by count descending.</summary>
    public required IReadOnlyList<LeakageRealSubject> RealSubjects { get; init; }

    /// <summary>Warnings for the report.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
