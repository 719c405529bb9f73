using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>An identity sampler: produces N unit reference embeddings (SYNTHESIS.md 3).</summary>
public interface IIdentitySampler
{
    /// <summary>Sampler name as used on the command line ("uniform", "hyperface", "langevin").</summary>
    string Name { get; }

    /// <summary>Runs the sampler; cancellation returns the best state so far with <c>stopped = cancelled</c>.</summary>
    SamplerResult Run(IdentityRequest request, IProgress<SamplerProgress>? progress, CancellationToken ct);
}

/// <summary>A variation sampler: A unit embeddings around each reference (SYNTHESIS.md 4).</summary>
public interface IVariationSampler
{
    /// <summary>Sampler name ("vmf", "dispersion").</summary>
    string Name { get; }

    /// <summary>Draws <paramref name="perIdentity"/> variations per row of <paramref name="references"/>.</summary>
    VariationResult Run(EmbeddingMatrix references, int perIdentity, ulong seed, IProgress<SamplerProgress>? progress, CancellationToken ct);
}

/// <summary>What an identity sampler is asked to produce.</summary>
/// <param name="Count">Number of identities N (at least 2).</param>
/// <param name="Dim">Embedding dimension d (at least 2).</param>
/// <param name="Seed">Seed of every random stream.</param>
/// <param name="Gallery">Optional gallery of real-face embeddings (initialisation and regulariser).</param>
/// <param name="Constants">Optional fixed embeddings to keep away from (Langevin).</param>
/// <param name="Initial">Optional initial state (N x d).</param>
/// <param name="CheckpointDirectory">Folder for checkpoints; null disables them.</param>
public sealed record IdentityRequest(int Count, int Dim, ulong Seed, EmbeddingMatrix? Gallery = null,
    EmbeddingMatrix? Constants = null, EmbeddingMatrix? Initial = null, string? CheckpointDirectory = null)
{
    /// <summary>Worker threads; 0 = all processors. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Continue from the checkpoint in <see cref="CheckpointDirectory"/> when one exists.</summary>
    public bool Resume { get; init; }

    /// <summary>Threads actually used.</summary>
    internal int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;
}

/// <summary>A progress report (also one line of trace.csv).</summary>
/// <param name="Stage">Phase name, e.g. "soft", "global", "stochastic", "langevin".</param>
/// <param name="Iteration">Iteration (step or epoch) within the whole run.</param>
/// <param name="TotalIterations">Planned iterations of the whole run.</param>
/// <param name="Elapsed">Wall time since the start.</param>
/// <param name="Loss">Current loss, if defined.</param>
/// <param name="MinAngleDeg">Current minimum pairwise angle in degrees.</param>
/// <param name="MeanNnAngleDeg">Current mean nearest-neighbour angle in degrees.</param>
/// <param name="Exact">True when the angles were computed over all pairs.</param>
/// <param name="Extra">Further named values ("dt", "lr", "tau", ...).</param>
public sealed record SamplerProgress(string Stage, long Iteration, long TotalIterations, TimeSpan Elapsed, double? Loss,
    double? MinAngleDeg, double? MeanNnAngleDeg, bool Exact, IReadOnlyDictionary<string, double> Extra);

/// <summary>How a run ended (manifest key <c>run</c>).</summary>
/// <param name="Iterations">Iterations performed (all phases and restarts).</param>
/// <param name="Stopped">"max_iterations", "patience" or "cancelled".</param>
/// <param name="BestIteration">Iteration of the returned state within its phase.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Threads">Worker threads.</param>
public sealed record RunSummary(long Iterations, string Stopped, long BestIteration, TimeSpan Elapsed, int Threads)
{
    /// <summary>SIMD path used by the kernels: "avx512", "avx2" or "scalar".</summary>
    public string Simd { get; init; } = SimdPath.Name;
}

/// <summary>The output of an identity sampler.</summary>
/// <param name="Identities">N x d unit rows.</param>
/// <param name="Options">Every option after defaults were resolved (manifest key <c>options</c>).</param>
/// <param name="Run">How the run ended.</param>
/// <param name="Method">Human-readable method and provenance.</param>
public sealed record SamplerResult(EmbeddingMatrix Identities, IReadOnlyDictionary<string, object?> Options, RunSummary Run, string Method);

/// <summary>The output of a variation sampler.</summary>
/// <param name="Variations">N x A x d unit vectors, row-major ((i * A + a) * d + k).</param>
/// <param name="Count">N.</param>
/// <param name="PerIdentity">A.</param>
/// <param name="Dim">d.</param>
/// <param name="Options">Resolved options.</param>
/// <param name="Run">How the run ended.</param>
/// <param name="Method">Human-readable method and provenance.</param>
public sealed record VariationResult(float[] Variations, int Count, int PerIdentity, int Dim, IReadOnlyDictionary<string, object?> Options, RunSummary Run, string Method);

/// <summary>Names the SIMD path the process runs on.</summary>
public static class SimdPath
{
    /// <summary>"avx512", "avx2" or "scalar".</summary>
    public static string Name { get; } = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "avx512"
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "avx2" : "scalar";
}
