namespace FaceSynth.Similarity;

/// <summary>Threading, progress and cancellation for the similarity kernels.</summary>
public sealed record SimilarityOptions
{
    /// <summary>Worker threads; 0 means <see cref="Environment.ProcessorCount"/>.</summary>
    public int Threads { get; init; }

    /// <summary>Receives the number of query rows completed so far (monotone, may skip values).</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>Stops the computation between blocks.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>The default options: all cores, no progress.</summary>
    public static SimilarityOptions Default { get; } = new();

    /// <summary>Forces one micro-kernel (tests compare the paths); null picks the best the CPU supports.</summary>
    internal KernelKind? Kernel { get; init; }

    internal int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}
