namespace FaceSynth.Protocols;

/// <summary>Size and difficulty of the built-in synthetic demo benchmark (<see cref="DemoBenchmark"/>).</summary>
public sealed record DemoBenchmarkOptions
{
    /// <summary>Seed of every random draw; the same seed gives the same benchmark.</summary>
    public int Seed { get; init; } = 20240617;

    /// <summary>Synthetic identities; the first half forms the development set, the second half the evaluation set.</summary>
    public int Identities { get; init; } = 400;

    /// <summary>Samples (embeddings) per identity.</summary>
    public int SamplesPerIdentity { get; init; } = 4;

    /// <summary>Embedding dimension.</summary>
    public int Dim { get; init; } = 128;

    /// <summary>Synthetic demographic group names (identities are assigned round-robin).</summary>
    public IReadOnlyList<string> Groups { get; init; } = ["group-a", "group-b", "group-c", "group-d"];

    /// <summary>
    /// Intra-class noise level of each group (norm of the noise added to a unit identity centre); higher noise gives
    /// lower genuine scores, so the groups differ in FNMR by construction.
    /// </summary>
    public IReadOnlyList<double> GroupNoise { get; init; } = [1.25, 1.4, 1.55, 1.75];

    /// <summary>Default options.</summary>
    public static DemoBenchmarkOptions Default { get; } = new();
}
