namespace FaceSynth.Similarity;

/// <summary>
/// Exact k nearest neighbours of each query row: for row i, entries i*K .. i*K+K-1 hold the
/// gallery indices and scores in descending score order (ties: lower gallery index first).
/// When the gallery has fewer than K rows the tail is padded with index -1 and score -infinity.
/// </summary>
public sealed class TopKResult
{
    /// <summary>Creates an empty result for <paramref name="rows"/> queries and <paramref name="k"/> neighbours.</summary>
    public TopKResult(int rows, int k)
    {
        Rows = rows;
        K = k;
        Indices = new int[checked(rows * k)];
        Scores = new float[rows * k];
        Array.Fill(Indices, -1);
        Array.Fill(Scores, float.NegativeInfinity);
    }

    /// <summary>Number of query rows.</summary>
    public int Rows { get; }

    /// <summary>Neighbours per query.</summary>
    public int K { get; }

    /// <summary>Gallery row indices, row-major Rows x K.</summary>
    public int[] Indices { get; }

    /// <summary>Similarity scores, row-major Rows x K.</summary>
    public float[] Scores { get; }

    /// <summary>Gallery indices of query <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> IndicesOf(int i) => Indices.AsSpan(i * K, K);

    /// <summary>Scores of query <paramref name="i"/>.</summary>
    public ReadOnlySpan<float> ScoresOf(int i) => Scores.AsSpan(i * K, K);
}
