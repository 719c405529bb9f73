using FaceSynth.Similarity;

namespace FaceSynth.Protocols.Search;

/// <summary>Settings of a 1:N search.</summary>
public sealed record SearchOptions
{
    /// <summary>Largest rank of interest (CMC length, top-k); ranks beyond it are only known to be beyond.</summary>
    public int MaxRank { get; init; } = 10;

    /// <summary>Threading, progress and cancellation of the similarity kernel.</summary>
    public SimilarityOptions? Similarity { get; init; }

    /// <summary>The defaults (rank 10).</summary>
    public static SearchOptions Default { get; } = new();
}
