using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Generation;

/// <summary>A conditional face generator: embedding (+ per-row seed) to image (SYNTHESIS.md 6.1).</summary>
public interface IFaceGenerator : IDisposable
{
    /// <summary>The parsed <c>generator.json</c>.</summary>
    GeneratorDescriptor Descriptor { get; }

    /// <summary>
    /// One image per row of <paramref name="embeddings"/> (count x EmbeddingDim, unit rows); row i's noise
    /// comes only from <paramref name="seeds"/>[i], so batch composition does not change it.
    /// </summary>
    IReadOnlyList<RgbImage> Generate(ReadOnlySpan<float> embeddings, int count, ReadOnlySpan<ulong> seeds, GenerationOptions options, CancellationToken ct);
}

/// <summary>Sampling options (null = the bundle's defaults).</summary>
/// <param name="Steps">Diffusion steps.</param>
/// <param name="GuidanceScale">Classifier-free guidance scale.</param>
/// <param name="BatchSize">Rows per ONNX Runtime call (a guided diffusion UNet call has twice as many).</param>
/// <param name="Sampler">Diffusion sampler: <c>ddim</c> or <c>dpmpp_2m</c>.</param>
public sealed record GenerationOptions(int? Steps = null, float? GuidanceScale = null, int BatchSize = 8, string? Sampler = null);
