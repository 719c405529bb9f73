using FaceSynth.Vision.Onnx;

namespace FaceSynth.Vision.Embedding;

/// <summary>Options of <see cref="FaceEmbedder"/>.</summary>
/// <param name="BatchSize">Images per ONNX Runtime call (a model with a fixed batch dimension overrides it).</param>
/// <param name="FlipTest">Add the embedding of the horizontally flipped image to each embedding (insightface's flip test).</param>
/// <param name="Normalization">Pixel normalisation; null = detect (pixel_norm.txt beside the model, else insightface's graph rule).</param>
/// <param name="Session">Threads and execution provider.</param>
public sealed record FaceEmbedderOptions(int BatchSize = 32, bool FlipTest = false, PixelNormalization? Normalization = null, OnnxSessionOptions? Session = null);
