using System.Diagnostics;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FaceSynth.Vision.Embedding;

/// <summary>
/// Runs an insightface-style recognition model (input N x 3 x H x W RGB float32, output N x d) on
/// aligned face images, in batches. Embeddings are returned raw (not L2-normalised), FORMATS.md 7.1.
/// </summary>
public sealed class FaceEmbedder : IDisposable
{
    private long _sessionTicks;

    private readonly OnnxModel _model;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly int _batch;
    private readonly RunOptions _run = new();

    private FaceEmbedder(OnnxModel model, FaceEmbedderOptions options)
    {
        _model = model;
        Options = options;
        var input = model.Info.Inputs.Count == 1
            ? model.Info.Inputs[0]
            : throw new FaceSynthDataException(model.Path, $"a recognition model has one input, this one has {model.Info.Inputs.Count}");
        if (input.Dims is not { Count: 4 } d || d[1] is not (3 or null))
        {
            throw new FaceSynthDataException(model.Path, $"input '{input.Name}' must be N x 3 x H x W, found [{Describe(input.Dims)}]");
        }

        _inputName = input.Name;
        _outputName = model.Info.Outputs[0].Name;
        InputHeight = (int)(d[2] ?? 112);
        InputWidth = (int)(d[3] ?? 112);
        _batch = d[0] is long fixedBatch and > 0 ? (int)fixedBatch : Math.Max(1, options.BatchSize);
        (Normalization, NormalizationSource) = ResolveNormalization(model, options);
        Dim = Probe();
    }

    /// <summary>The options the embedder was opened with.</summary>
    public FaceEmbedderOptions Options { get; }

    /// <summary>The model file.</summary>
    public string ModelPath => _model.Path;

    /// <summary>Model input width (pixels).</summary>
    public int InputWidth { get; }

    /// <summary>Model input height (pixels).</summary>
    public int InputHeight { get; }

    /// <summary>Embedding dimension.</summary>
    public int Dim { get; }

    /// <summary>
    /// Time spent inside ONNX Runtime's <c>Run</c> on batches so far (all threads): the bare cost of the
    /// network, against which the pipeline's decoding, alignment and batching overhead is measured.
    /// </summary>
    public TimeSpan SessionTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _sessionTicks));

    /// <summary>Images per ONNX Runtime call.</summary>
    public int BatchSize => _batch;

    /// <summary>The pixel normalisation in use.</summary>
    public PixelNormalization Normalization { get; }

    /// <summary>Where <see cref="Normalization"/> came from: <c>option</c>, <c>pixel_norm.txt</c>, <c>graph</c> (in-graph, none applied) or <c>default</c>.</summary>
    public string NormalizationSource { get; }

    /// <summary>Opens the model at <paramref name="modelPath"/>.</summary>
    public static FaceEmbedder Open(string modelPath, FaceEmbedderOptions? options = null)
    {
        options ??= new FaceEmbedderOptions();
        var model = OnnxModel.Open(modelPath, options.Session);
        try
        {
            return new FaceEmbedder(model, options);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The embedding of one image.</summary>
    public float[] Embed(RgbImage image)
    {
        var result = new float[Dim];
        Embed([image], result);
        return result;
    }

    /// <summary>
    /// Embeds <paramref name="images"/> into <paramref name="destination"/> (images.Count x Dim, row-major).
    /// Images of another size than the model input are resized bilinearly.
    /// </summary>
    public void Embed(IReadOnlyList<RgbImage> images, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (destination.Length < images.Count * Dim)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats, {images.Count} x {Dim} needed", nameof(destination));
        }

        int plane = InputWidth * InputHeight;
        float[]? buffer = null;
        for (int start = 0; start < images.Count; start += _batch)
        {
            int n = Math.Min(_batch, images.Count - start);
            if (buffer is null || buffer.Length != n * 3 * plane)
            {
                buffer = new float[n * 3 * plane];
            }

            var dst = destination.Slice(start * Dim, n * Dim);
            for (int i = 0; i < n; i++)
            {
                Preprocess(images[start + i], buffer.AsSpan(i * 3 * plane, 3 * plane), flip: false);
            }

            RunInto(buffer, n, dst, accumulate: false);
            if (Options.FlipTest)
            {
                for (int i = 0; i < n; i++)
                {
                    Preprocess(images[start + i], buffer.AsSpan(i * 3 * plane, 3 * plane), flip: true);
                }

                RunInto(buffer, n, dst, accumulate: true);
            }
        }
    }

    /// <summary>
    /// Runs the model on an already prepared NCHW float32 batch (no decoding or normalisation): the bare
    /// ONNX Runtime call, exposed for overhead measurements.
    /// </summary>
    public void RunPrepared(float[] nchw, int count, Span<float> destination) => RunInto(nchw, count, destination, accumulate: false);

    /// <summary>Writes one image as normalised CHW planes into <paramref name="chw"/> (3 x H x W floats).</summary>
    public void Preprocess(RgbImage image, Span<float> chw, bool flip)
    {
        ArgumentNullException.ThrowIfNull(image);
        var img = image.Width == InputWidth && image.Height == InputHeight ? image : ImageOps.ResizeBilinear(image, InputWidth, InputHeight);
        int w = InputWidth, plane = w * InputHeight;
        float mean = Normalization.Mean, inv = 1f / Normalization.Std;
        var px = img.Pixels;
        var r = chw[..plane];
        var g = chw.Slice(plane, plane);
        var b = chw.Slice(2 * plane, plane);
        for (int y = 0; y < InputHeight; y++)
        {
            int row = y * w;
            for (int x = 0; x < w; x++)
            {
                int s = (row + (flip ? w - 1 - x : x)) * 3;
                r[row + x] = (px[s] - mean) * inv;
                g[row + x] = (px[s + 1] - mean) * inv;
                b[row + x] = (px[s + 2] - mean) * inv;
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _run.Dispose();
        _model.Dispose();
    }

    private static (PixelNormalization, string) ResolveNormalization(OnnxModel model, FaceEmbedderOptions options)
    {
        if (options.Normalization is { } n)
        {
            return (n, "option");
        }

        string card = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(model.Path))!, "pixel_norm.txt");
        if (File.Exists(card))
        {
            return (PixelNormalization.ReadFile(card), "pixel_norm.txt");
        }

        return model.Info.HasInGraphNormalization ? (PixelNormalization.None, "graph") : (PixelNormalization.InsightFace, "default");
    }

    private static string Describe(IReadOnlyList<long?>? dims) => dims is null ? "unknown" : string.Join(", ", dims.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"));

    private int Probe()
    {
        var zeros = new float[3 * InputWidth * InputHeight];
        using var input = OrtValue.CreateTensorValueFromMemory(zeros, [1, 3, InputHeight, InputWidth]);
        using var outputs = _model.Session.Run(_run, [_inputName], [input], [_outputName]);
        long count = outputs[0].GetTensorTypeAndShape().ElementCount;
        return count > 0 ? (int)count : throw new FaceSynthDataException(_model.Path, "the model's output is empty");
    }

    private void RunInto(float[] nchw, int n, Span<float> dst, bool accumulate)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(nchw, [n, 3, InputHeight, InputWidth]);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        long started = Stopwatch.GetTimestamp();
        try
        {
            outputs = _model.Session.Run(_run, [_inputName], [input], [_outputName]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new FaceSynthDataException(_model.Path, $"inference failed: {e.Message}", e);
        }
        finally
        {
            Interlocked.Add(ref _sessionTicks, Stopwatch.GetTimestamp() - started);
        }

        using (outputs)
        {
            var values = outputs[0].GetTensorDataAsSpan<float>();
            if (values.Length != n * Dim)
            {
                throw new FaceSynthDataException(_model.Path, $"the model returned {values.Length} values for {n} images, expected {n} x {Dim}");
            }

            if (accumulate)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(dst, values, dst);
            }
            else
            {
                values.CopyTo(dst);
            }
        }
    }
}
