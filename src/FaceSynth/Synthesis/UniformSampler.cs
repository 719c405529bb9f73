using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>Uniform directions on the sphere: normalised Gaussian vectors (SYNTHESIS.md 3.1), the baseline.</summary>
public sealed class UniformSampler : IIdentitySampler
{
    /// <inheritdoc />
    public string Name => "uniform";

    /// <summary>N uniform unit rows, row i from <c>Stream(seed, "identities/uniform", i)</c>.</summary>
    public static EmbeddingMatrix Sample(int count, int dim, ulong seed, string streamName = "identities/uniform")
    {
        SamplerValidation.CheckShape(count, dim);
        var x = new EmbeddingMatrix(count, dim);
        Parallel.For(0, count, i =>
        {
            var rng = new SynthRandom(seed, streamName, (ulong)i);
            var row = x.Row(i);
            do
            {
                rng.FillNormal(row);
            }
            while (!SphereMath.Normalize(row));
        });
        return x;
    }

    /// <inheritdoc />
    public SamplerResult Run(IdentityRequest request, IProgress<SamplerProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var x = Sample(request.Count, request.Dim, request.Seed);
        return new SamplerResult(x, new Dictionary<string, object?>(), new RunSummary(0, "max_iterations", 0, sw.Elapsed, request.EffectiveThreads),
            "Uniform directions on the sphere (normalised Gaussian vectors)");
    }
}
