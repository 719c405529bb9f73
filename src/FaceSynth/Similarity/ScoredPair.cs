namespace FaceSynth.Similarity;

/// <summary>One (query row, gallery row) pair and its similarity score.</summary>
/// <param name="Query">0-based row of the query matrix.</param>
/// <param name="Gallery">0-based row of the gallery matrix.</param>
/// <param name="Score">Dot product of the two rows (float32, as computed by the kernel).</param>
public readonly record struct ScoredPair(int Query, int Gallery, float Score)
{
    /// <summary>
    /// Ranking used by every pair list of FaceSynth: score descending, then query index, then gallery index
    /// ascending. Negative when <paramref name="x"/> ranks first.
    /// </summary>
    public static int CompareRank(ScoredPair x, ScoredPair y)
    {
        int c = y.Score.CompareTo(x.Score);
        if (c != 0)
        {
            return c;
        }

        c = x.Query.CompareTo(y.Query);
        return c != 0 ? c : x.Gallery.CompareTo(y.Gallery);
    }
}
