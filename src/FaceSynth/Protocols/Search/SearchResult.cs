namespace FaceSynth.Protocols.Search;

/// <summary>
/// Per-probe outcome of a 1:N search and the identification rates derived from it: rank-k / CMC,
/// insightface TPIR at FPIR and bob.measure open-set rates (DIR, false alarm rate) at a threshold.
/// </summary>
public sealed class SearchResult
{
    /// <summary>Rank value meaning "not within <see cref="MaxRank"/>" (or not mated).</summary>
    public const int Beyond = int.MaxValue;

    private readonly int[] _rankPessimistic;
    private readonly int[] _rankOptimistic;

    internal SearchResult(int maxRank, bool[] mated, int[] rankPessimistic, int[] rankOptimistic, double[] matedScore, double[] topScore)
    {
        MaxRank = maxRank;
        Mated = mated;
        _rankPessimistic = rankPessimistic;
        _rankOptimistic = rankOptimistic;
        MatedScore = matedScore;
        TopScore = topScore;
        foreach (bool m in mated)
        {
            if (m)
            {
                MatedCount++;
            }
        }
    }

    /// <summary>Largest rank resolved exactly.</summary>
    public int MaxRank { get; }

    /// <summary>True for probes whose label is in the gallery.</summary>
    public bool[] Mated { get; }

    /// <summary>Best mated similarity of each mated probe found within the search list (NaN otherwise).</summary>
    public double[] MatedScore { get; }

    /// <summary>Highest similarity of each probe's row (the non-mated maximum for non-mated probes).</summary>
    public double[] TopScore { get; }

    /// <summary>Number of mated probes.</summary>
    public int MatedCount { get; }

    /// <summary>Number of non-mated probes.</summary>
    public int NonMatedCount => Mated.Length - MatedCount;

    /// <summary>0-based rank of each probe's mated entry under <paramref name="rule"/>, or <see cref="Beyond"/>.</summary>
    public ReadOnlySpan<int> Ranks(RankTieRule rule = RankTieRule.Pessimistic) =>
        rule == RankTieRule.Pessimistic ? _rankPessimistic : _rankOptimistic;

    /// <summary>Number of mated probes whose mated entry is among the top <paramref name="k"/>.</summary>
    public int CorrectAtRank(int k, RankTieRule rule = RankTieRule.Pessimistic)
    {
        CheckRank(k);
        int c = 0;
        foreach (int r in Ranks(rule))
        {
            c += r < k ? 1 : 0;
        }

        return c;
    }

    /// <summary>CMC over the mated probes: entry r-1 = fraction with rank &lt; r, for r = 1..MaxRank.</summary>
    public double[] Cmc(RankTieRule rule = RankTieRule.Pessimistic)
    {
        var hist = new long[MaxRank];
        foreach (int r in Ranks(rule))
        {
            if (r < MaxRank)
            {
                hist[r]++;
            }
        }

        var cmc = new double[MaxRank];
        long cum = 0;
        for (int r = 0; r < MaxRank; r++)
        {
            cum += hist[r];
            cmc[r] = MatedCount == 0 ? double.NaN : (double)cum / MatedCount;
        }

        return cmc;
    }

    /// <summary>
    /// insightface TPIR at each FPIR (EVALUATION.md 4.4): thresh = (non-mated maxima, descending)
    /// [max(floor(N_nm * fpir) - 1, 0)]; TPIR = #{mated: mated score &gt; every non-mated score AND &gt; thresh} / #mated.
    /// </summary>
    public IReadOnlyList<TpirAtFpir> TpirAtFpir(IReadOnlyList<double> fpirs)
    {
        ArgumentNullException.ThrowIfNull(fpirs);
        if (NonMatedCount == 0 || MatedCount == 0)
        {
            throw new InvalidOperationException(NonMatedCount == 0 ? "TPIR at FPIR needs non-mated probes" : "TPIR at FPIR needs mated probes");
        }

        var maxima = new double[NonMatedCount];
        int m = 0;
        for (int q = 0; q < Mated.Length; q++)
        {
            if (!Mated[q])
            {
                maxima[m++] = TopScore[q];
            }
        }

        Array.Sort(maxima);
        Array.Reverse(maxima);
        var result = new List<TpirAtFpir>(fpirs.Count);
        foreach (double fpir in fpirs)
        {
            long idx = Math.Max((long)Math.Floor(maxima.Length * fpir) - 1, 0);
            double thresh = maxima[Math.Min(idx, maxima.Length - 1)];
            int hit = 0;
            for (int q = 0; q < Mated.Length; q++)
            {
                if (Mated[q] && _rankPessimistic[q] == 0 && MatedScore[q] > thresh)
                {
                    hit++;
                }
            }

            result.Add(new TpirAtFpir(fpir, thresh, (double)hit / MatedCount));
        }

        return result;
    }

    /// <summary>
    /// bob.measure detection and identification rate at threshold <paramref name="threshold"/> and rank:
    /// fraction of mated probes with best mated score &gt;= t and pessimistic rank &lt; <paramref name="rank"/> (0 if none).
    /// </summary>
    public double DetectionIdentificationRate(double threshold, int rank = 1)
    {
        CheckRank(rank);
        if (MatedCount == 0)
        {
            return 0.0;
        }

        int c = 0;
        for (int q = 0; q < Mated.Length; q++)
        {
            if (Mated[q] && _rankPessimistic[q] < rank && MatedScore[q] >= threshold)
            {
                c++;
            }
        }

        return (double)c / MatedCount;
    }

    /// <summary>bob.measure false alarm rate (FPIR): fraction of non-mated probes whose top score is &gt;= t (0 if none).</summary>
    public double FalseAlarmRate(double threshold)
    {
        if (NonMatedCount == 0)
        {
            return 0.0;
        }

        int c = 0;
        for (int q = 0; q < Mated.Length; q++)
        {
            if (!Mated[q] && TopScore[q] >= threshold)
            {
                c++;
            }
        }

        return (double)c / NonMatedCount;
    }

    private void CheckRank(int k)
    {
        if (k < 1 || k > MaxRank)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"rank {k} is outside 1..{MaxRank} (raise SearchOptions.MaxRank)");
        }
    }
}

/// <summary>One TPIR@FPIR entry.</summary>
/// <param name="Fpir">Target FPIR.</param>
/// <param name="Threshold">Score threshold read from the sorted non-mated maxima.</param>
/// <param name="Tpir">True positive identification rate (strict rule).</param>
public sealed record TpirAtFpir(double Fpir, double Threshold, double Tpir);
