namespace FaceSynth.Similarity;

/// <summary>What a <see cref="SimilarityKernel.Search"/> pass collected.</summary>
public sealed class SimilaritySearchResult
{
    internal SimilaritySearchResult(TopKResult? neighbours, int[]? counts, int thresholdCount, ScoredPair[] topPairs)
    {
        Neighbours = neighbours;
        Counts = counts;
        ThresholdCount = thresholdCount;
        TopPairs = topPairs;
    }

    /// <summary>Per-row top-k (null when <see cref="SimilaritySearchSpec.K"/> was 0).</summary>
    public TopKResult? Neighbours { get; }

    /// <summary>
    /// Row-major queries x <see cref="ThresholdCount"/>: entry [i * ThresholdCount + t] is the number of gallery
    /// rows j (allowed by the filter) with score(i, j) &gt;= threshold t. Null when no thresholds were given.
    /// </summary>
    public int[]? Counts { get; }

    /// <summary>Number of thresholds counted.</summary>
    public int ThresholdCount { get; }

    /// <summary>The best pairs, score descending, then query index, then gallery index ascending.</summary>
    public ScoredPair[] TopPairs { get; }

    /// <summary>Total number of pairs with score &gt;= threshold <paramref name="t"/> over all query rows.</summary>
    public long TotalAtLeast(int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, ThresholdCount);
        long n = 0;
        for (int i = t; i < Counts!.Length; i += ThresholdCount)
        {
            n += Counts[i];
        }

        return n;
    }

    /// <summary>Counts of query row <paramref name="row"/>, one per threshold.</summary>
    public ReadOnlySpan<int> CountsOf(int row) =>
        Counts is null ? ReadOnlySpan<int>.Empty : Counts.AsSpan(row * ThresholdCount, ThresholdCount);
}
