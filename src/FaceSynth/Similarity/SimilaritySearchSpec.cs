namespace FaceSynth.Similarity;

/// <summary>
/// What one fused pass over all (query, gallery) pairs collects (AUDIT.md 0.3): per-row top-k, per-row counts
/// of scores at or above thresholds, and the global best pairs. Any combination; scores are never stored.
/// </summary>
public sealed record SimilaritySearchSpec
{
    /// <summary>Neighbours kept per query row (0 = no per-row top-k).</summary>
    public int K { get; init; }

    /// <summary>Only scores &gt;= this enter the top-k lists and the top pairs (default: every finite score).</summary>
    public float MinScore { get; init; } = float.NegativeInfinity;

    /// <summary>Ascending thresholds t_1 &lt;= ... &lt;= t_m; the pass counts, per query row, the scores &gt;= each (null = none).</summary>
    public IReadOnlyList<float>? Thresholds { get; init; }

    /// <summary>Number of global best pairs to keep (0 = none), ranked by <see cref="ScoredPair.CompareRank"/>.</summary>
    public int TopPairs { get; init; }

    /// <summary>Which pairs are considered by every collector of the pass.</summary>
    public PairFilter Filter { get; init; }
}
