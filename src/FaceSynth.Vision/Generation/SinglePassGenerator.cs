using FaceSynth.Synthesis;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FaceSynth.Vision.Generation;

/// <summary>
/// A <c>single_pass</c> generator (Vec2Face-style): one ONNX call maps [B, dim] embeddings and [B, noise...]
/// normals (from each row's seed, stream <c>generator/noise</c>) to [B, 3, H, W] images.
/// </summary>
public sealed class SinglePassGenerator : IFaceGenerator
{
    private readonly OnnxModel _model;
    private readonly RunOptions _run = new();

    private SinglePassGenerator(GeneratorDescriptor descriptor, OnnxModel model)
    {
        Descriptor = descriptor;
        _model = model;
    }

    /// <inheritdoc/>
    public GeneratorDescriptor Descriptor { get; }

    /// <summary>Opens the single-pass model named by <paramref name="descriptor"/>.</summary>
    public static SinglePassGenerator Open(GeneratorDescriptor descriptor, OnnxSessionOptions? session = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Kind != "single_pass" || descriptor.SinglePassModel is null)
        {
            throw new FaceSynthDataException(descriptor.Directory, $"generator kind '{descriptor.Kind}' is not single_pass");
        }

        return new SinglePassGenerator(descriptor, OnnxModel.Open(descriptor.SinglePassModel, session));
    }

    /// <inheritdoc/>
    public IReadOnlyList<RgbImage> Generate(ReadOnlySpan<float> embeddings, int count, ReadOnlySpan<ulong> seeds, GenerationOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        int dim = Descriptor.EmbeddingDim;
        if (embeddings.Length != count * dim || seeds.Length != count)
        {
            throw new ArgumentException($"{count} rows need {count * dim} embedding values and {count} seeds, got {embeddings.Length} and {seeds.Length}");
        }

        int noise = (int)Descriptor.NoiseShape.Aggregate(1L, (a, b) => a * b);
        int w = Descriptor.Width, h = Descriptor.Height, plane = w * h;
        var images = new List<RgbImage>(count);
        for (int start = 0; start < count; start += Math.Max(1, options.BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            int n = Math.Min(Math.Max(1, options.BatchSize), count - start);
            var emb = embeddings.Slice(start * dim, n * dim).ToArray();
            var names = new List<string> { Descriptor.EmbeddingInput };
            var values = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(emb, [n, dim]) };
            try
            {
                if (Descriptor.NoiseInput is not null)
                {
                    var z = new float[n * noise];
                    for (int i = 0; i < n; i++)
                    {
                        new SynthRandom(seeds[start + i], "generator/noise").FillNormal(z.AsSpan(i * noise, noise));
                    }

                    names.Add(Descriptor.NoiseInput);
                    values.Add(OrtValue.CreateTensorValueFromMemory(z, [n, .. Descriptor.NoiseShape]));
                }

                using var outputs = _model.Session.Run(_run, names, values, [Descriptor.OutputName]);
                var pixels = outputs[0].GetTensorDataAsSpan<float>();
                if (pixels.Length != n * 3 * plane)
                {
                    throw new FaceSynthDataException(_model.Path, $"the generator returned {pixels.Length} values for {n} images of 3 x {h} x {w}");
                }

                for (int i = 0; i < n; i++)
                {
                    images.Add(ToImage(pixels.Slice(i * 3 * plane, 3 * plane), w, h, Descriptor.Range));
                }
            }
            finally
            {
                foreach (var v in values)
                {
                    v.Dispose();
                }
            }
        }

        return images;
    }

    /// <summary>Converts CHW float planes in <paramref name="range"/> to 8-bit RGB (round half away from zero after clamping).</summary>
    public static RgbImage ToImage(ReadOnlySpan<float> chw, int width, int height, string range)
    {
        int plane = width * height;
        var px = new byte[plane * 3];
        for (int c = 0; c < 3; c++)
        {
            var src = chw.Slice(c * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                double v = range switch
                {
                    "minus1_1" => 255.0 * Math.Clamp((src[i] + 1.0) / 2.0, 0, 1),
                    "zero_1" => 255.0 * Math.Clamp(src[i], 0.0, 1.0),
                    _ => Math.Clamp(src[i], 0.0, 255.0),
                };
                px[(i * 3) + c] = (byte)Math.Round(v, MidpointRounding.AwayFromZero);
            }
        }

        return new RgbImage(width, height, px);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _run.Dispose();
        _model.Dispose();
    }
}
