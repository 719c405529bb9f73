using System.Numerics.Tensors;
using FaceSynth.Embeddings;
using FaceSynth.Synthesis;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace FaceSynth.Vision.Generation;

/// <summary>
/// A <c>latent_diffusion</c> generator (Arc2Face-style, SYNTHESIS.md 6.2-6.3): id encoder (embedding to UNet
/// context), UNet noise prediction with classifier-free guidance (one call of 2B rows: unconditional first),
/// DDIM (η = 0, the reference) or DPM-Solver++(2M) on "leading" timesteps, VAE decoding of z / latent_scale.
/// Row i's starting latent is drawn from <c>Stream(seeds[i], "generator/noise")</c>, row-major.
/// </summary>
public sealed class LatentDiffusionGenerator : IFaceGenerator
{
    private readonly LatentDiffusionSpec _spec;
    private readonly OnnxModel _idEncoder;
    private readonly OnnxModel _unet;
    private readonly OnnxModel _vae;
    private readonly float[] _uncond;
    private readonly long[] _contextShape;
    private readonly bool _timestepPerRow;
    private readonly bool _timestepScalar;
    private readonly DiffusionSchedule _schedule;
    private readonly RunOptions _run = new();

    private LatentDiffusionGenerator(GeneratorDescriptor descriptor, LatentDiffusionSpec spec, OnnxModel idEncoder, OnnxModel unet, OnnxModel vae, float[] uncond, long[] contextShape)
    {
        Descriptor = descriptor;
        _spec = spec;
        _idEncoder = idEncoder;
        _unet = unet;
        _vae = vae;
        _uncond = uncond;
        _contextShape = contextShape;
        _schedule = new DiffusionSchedule(spec.Scheduler);
        var ts = unet.Info.Inputs.First(i => i.Name == spec.UnetTimestep).Dims;
        _timestepScalar = ts is { Count: 0 };
        _timestepPerRow = ts is null || ts.Count != 1 || ts[0] != 1;
    }

    /// <inheritdoc/>
    public GeneratorDescriptor Descriptor { get; }

    /// <summary>The noise schedule.</summary>
    public DiffusionSchedule Schedule => _schedule;

    /// <summary>Opens the three models and the unconditional context named by <paramref name="descriptor"/> and checks that they fit together.</summary>
    public static LatentDiffusionGenerator Open(GeneratorDescriptor descriptor, OnnxSessionOptions? session = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var spec = descriptor.LatentDiffusion
            ?? throw new FaceSynthDataException(descriptor.Directory, $"generator kind '{descriptor.Kind}' is not latent_diffusion");
        string file = spec.BundleFile;
        RequireFile(spec, spec.UncondContext, "latent_diffusion.uncond_context");
        foreach (var m in new[] { spec.IdEncoder, spec.Unet, spec.VaeDecoder })
        {
            RequireFile(spec, m.Model, m.Field + ".model");
        }

        var uncondArray = Npy.Read(spec.UncondContext);
        if (uncondArray.Rank is < 2 or > 3 || (uncondArray.Rank == 3 && uncondArray.Shape[0] != 1) || uncondArray.Count > LatentDiffusionSpec.MaxRowElements)
        {
            throw new FaceSynthDataException(file, $"latent_diffusion.uncond_context: {Path.GetFileName(spec.UncondContext)} has shape ({string.Join(", ", uncondArray.Shape)}); expected (1, L, C) or (L, C)");
        }

        long[] contextShape = [.. uncondArray.Shape.TakeLast(2)];
        var uncond = uncondArray.ToFloats();
        var opened = new List<OnnxModel>();
        try
        {
            var id = Load(spec.IdEncoder, session, opened);
            var unet = Load(spec.Unet, session, opened);
            var vae = Load(spec.VaeDecoder, session, opened);
            CheckInput(spec, spec.IdEncoder, id, spec.IdEncoder.Input, 1, [descriptor.EmbeddingDim], "embedding.dim");
            CheckInput(spec, spec.Unet, unet, spec.Unet.Input, 1, spec.LatentShape, "latent_diffusion.latent_shape");
            CheckInput(spec, spec.Unet, unet, spec.UnetContext, 1, contextShape, "latent_diffusion.uncond_context");
            CheckInput(spec, spec.VaeDecoder, vae, spec.VaeDecoder.Input, 1, spec.LatentShape, "latent_diffusion.latent_shape");
            CheckOutput(spec, spec.VaeDecoder, vae, [3, descriptor.Height, descriptor.Width], "output.height/width");
            CheckOutput(spec, spec.Unet, unet, spec.LatentShape, "latent_diffusion.latent_shape");
            CheckOutput(spec, spec.IdEncoder, id, contextShape, "latent_diffusion.uncond_context");
            var ts = unet.Info.Inputs.FirstOrDefault(i => i.Name == spec.UnetTimestep)
                ?? throw new FaceSynthDataException(file, $"latent_diffusion.unet.timestep: {Path.GetFileName(unet.Path)} has no input '{spec.UnetTimestep}' (inputs: {string.Join(", ", unet.Info.Inputs.Select(i => i.Name))})");
            int want = TimestepElementType(spec.TimestepType);
            if (ts.ElementType != 0 && ts.ElementType != want)
            {
                throw new FaceSynthDataException(file, $"latent_diffusion.unet.timestep_type: '{spec.TimestepType}' but the UNet's input '{ts.Name}' has ONNX element type {ts.ElementType}");
            }

            if (ts.Dims is { Count: > 1 })
            {
                throw new FaceSynthDataException(file, $"latent_diffusion.unet.timestep: the UNet's input '{ts.Name}' has rank {ts.Dims.Count}; expected a scalar or a vector");
            }

            return new LatentDiffusionGenerator(descriptor, spec, id, unet, vae, uncond, contextShape);
        }
        catch
        {
            foreach (var m in opened)
            {
                m.Dispose();
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<RgbImage> Generate(ReadOnlySpan<float> embeddings, int count, ReadOnlySpan<ulong> seeds, GenerationOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        int dim = Descriptor.EmbeddingDim;
        if (count < 0 || embeddings.Length != count * dim || seeds.Length != count)
        {
            throw new ArgumentException($"{count} rows need {count * dim} embedding values and {count} seeds, got {embeddings.Length} and {seeds.Length}");
        }

        string sampler = options.Sampler ?? _spec.DefaultSampler;
        if (!LatentDiffusionSpec.Samplers.Contains(sampler))
        {
            throw new ArgumentException($"sampler '{sampler}' is not one of {string.Join(", ", LatentDiffusionSpec.Samplers)}", nameof(options));
        }

        double g = options.GuidanceScale ?? _spec.DefaultGuidanceScale;
        if (!double.IsFinite(g))
        {
            throw new ArgumentOutOfRangeException(nameof(options), g, "the guidance scale must be finite");
        }

        var plan = _schedule.Plan(options.Steps ?? _spec.DefaultSteps);
        int batch = Math.Max(1, options.BatchSize);
        var images = new List<RgbImage>(count);
        for (int start = 0; start < count; start += batch)
        {
            int n = Math.Min(batch, count - start);
            var z = Sample(embeddings.Slice(start * dim, n * dim).ToArray(), n, seeds.Slice(start, n), plan, sampler, (float)g, ct);
            images.AddRange(Decode(z, n));
        }

        return images;
    }

    /// <summary>The starting latent of one row: <paramref name="latent"/>.Length normals from <c>Stream(seed, "generator/noise")</c>.</summary>
    public static void InitialNoise(ulong seed, Span<float> latent) => new SynthRandom(seed, "generator/noise").FillNormal(latent);

    // The sampling loop of one batch; returns the final latents (n rows).
    private float[] Sample(float[] emb, int n, ReadOnlySpan<ulong> seeds, IReadOnlyList<DiffusionStep> plan, string sampler, float g, CancellationToken ct)
    {
        int lz = _spec.LatentLength;
        var z = new float[n * lz];
        for (int i = 0; i < n; i++)
        {
            InitialNoise(seeds[i], z.AsSpan(i * lz, lz));
        }

        var cond = Encode(emb, n);
        bool guided = g != 1f; // g = 1 is the conditional prediction alone: no unconditional rows
        int rows = guided ? 2 * n : n, lc = _uncond.Length;
        var context = new float[rows * lc];
        if (guided)
        {
            for (int i = 0; i < n; i++)
            {
                _uncond.CopyTo(context.AsSpan(i * lc, lc));
            }
        }

        cond.CopyTo(context.AsSpan((rows - n) * lc));
        var sample = new float[rows * lz];
        var eps = new float[n * lz];
        var dpm = sampler == "dpmpp_2m" ? new DpmSolverStep(n * lz) : null;
        using var contextValue = OrtValue.CreateTensorValueFromMemory(context, [rows, .. _contextShape]);
        using var sampleValue = OrtValue.CreateTensorValueFromMemory(sample, [rows, .. _spec.LatentShape]);
        foreach (var step in plan)
        {
            ct.ThrowIfCancellationRequested();
            z.CopyTo(sample, 0);
            if (guided)
            {
                z.CopyTo(sample, n * lz);
            }

            using var timestep = Timestep(step.Timestep, rows);
            using var outputs = _unet.Session.Run(_run, [_spec.Unet.Input, _spec.UnetTimestep, _spec.UnetContext], [sampleValue, timestep, contextValue], [_spec.Unet.Output]);
            var pred = outputs[0].GetTensorDataAsSpan<float>();
            if (pred.Length != rows * lz)
            {
                throw new FaceSynthDataException(_unet.Path, $"the UNet returned {pred.Length} values for {rows} latents of {lz}");
            }

            if (guided)
            {
                // ε = ε_u + g (ε_c - ε_u)
                TensorPrimitives.Subtract(pred.Slice(n * lz), pred[..(n * lz)], eps);
                TensorPrimitives.MultiplyAdd(eps, g, pred[..(n * lz)], eps);
            }
            else
            {
                pred.CopyTo(eps);
            }

            if (dpm is null)
            {
                DdimStep.Apply(z, eps, step.AlphaBar, step.AlphaBarPrevious);
            }
            else
            {
                dpm.Apply(z, eps, step.AlphaBar, step.AlphaBarPrevious);
            }
        }

        return z;
    }

    private float[] Encode(float[] emb, int n)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(emb, [n, Descriptor.EmbeddingDim]);
        using var outputs = _idEncoder.Session.Run(_run, [_spec.IdEncoder.Input], [input], [_spec.IdEncoder.Output]);
        var ctx = outputs[0].GetTensorDataAsSpan<float>();
        if (ctx.Length != n * _uncond.Length)
        {
            throw new FaceSynthDataException(_idEncoder.Path, $"the id encoder returned {ctx.Length} values for {n} rows; the unconditional context has {_uncond.Length} per row ({string.Join(" x ", _contextShape)})");
        }

        return ctx.ToArray();
    }

    private List<RgbImage> Decode(float[] z, int n)
    {
        var latent = new float[z.Length];
        TensorPrimitives.Divide(z, (float)_spec.LatentScale, latent);
        using var input = OrtValue.CreateTensorValueFromMemory(latent, [n, .. _spec.LatentShape]);
        using var outputs = _vae.Session.Run(_run, [_spec.VaeDecoder.Input], [input], [_spec.VaeDecoder.Output]);
        var pixels = outputs[0].GetTensorDataAsSpan<float>();
        int w = Descriptor.Width, h = Descriptor.Height, size = 3 * w * h;
        if (pixels.Length != n * size)
        {
            throw new FaceSynthDataException(_vae.Path, $"the VAE decoder returned {pixels.Length} values for {n} images of 3 x {h} x {w}");
        }

        var images = new List<RgbImage>(n);
        for (int i = 0; i < n; i++)
        {
            images.Add(SinglePassGenerator.ToImage(pixels.Slice(i * size, size), w, h, Descriptor.Range));
        }

        return images;
    }

    private OrtValue Timestep(int t, int rows)
    {
        long[] shape = _timestepScalar ? [] : [_timestepPerRow ? rows : 1];
        int len = _timestepScalar || !_timestepPerRow ? 1 : rows;
        return _spec.TimestepType switch
        {
            "int64" => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat((long)t, len).ToArray(), shape),
            "int32" => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(t, len).ToArray(), shape),
            _ => OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat((float)t, len).ToArray(), shape),
        };
    }

    private static int TimestepElementType(string type) => type switch
    {
        "int64" => (int)OnnxDataType.Int64,
        "int32" => (int)OnnxDataType.Int32,
        _ => (int)OnnxDataType.Float,
    };

    private static void RequireFile(LatentDiffusionSpec spec, string path, string field)
    {
        if (!File.Exists(path))
        {
            throw new FaceSynthDataException(spec.BundleFile, $"{field}: the file '{path}' does not exist");
        }
    }

    private static OnnxModel Load(DiffusionModelRef m, OnnxSessionOptions? session, List<OnnxModel> opened)
    {
        var model = OnnxModel.Open(m.Model, session);
        opened.Add(model);
        return model;
    }

    // A named float input of rank 1 + expected.Length whose fixed dimensions after the batch equal expected.
    private static void CheckInput(LatentDiffusionSpec spec, DiffusionModelRef m, OnnxModel model, string name, int skip, long[] expected, string field)
    {
        var input = model.Info.Inputs.FirstOrDefault(i => i.Name == name)
            ?? throw new FaceSynthDataException(spec.BundleFile, $"{m.Field}: {Path.GetFileName(m.Model)} has no input '{name}' (inputs: {string.Join(", ", model.Info.Inputs.Select(i => i.Name))})");
        if (input.ElementType is not (0 or (int)OnnxDataType.Float))
        {
            throw new FaceSynthDataException(spec.BundleFile, $"{m.Field}: input '{name}' of {Path.GetFileName(m.Model)} has ONNX element type {input.ElementType}; float32 is required (export in float32)");
        }

        CheckDims(spec, m, $"input '{name}'", input.Dims, skip, expected, field);
    }

    private static void CheckOutput(LatentDiffusionSpec spec, DiffusionModelRef m, OnnxModel model, long[] expected, string field)
    {
        var output = model.Info.Outputs.FirstOrDefault(o => o.Name == m.Output)
            ?? throw new FaceSynthDataException(spec.BundleFile, $"{m.Field}.output: {Path.GetFileName(m.Model)} has no output '{m.Output}' (outputs: {string.Join(", ", model.Info.Outputs.Select(o => o.Name))})");
        CheckDims(spec, m, $"output '{m.Output}'", output.Dims, 1, expected, field);
    }

    private static void CheckDims(LatentDiffusionSpec spec, DiffusionModelRef m, string what, IReadOnlyList<long?>? dims, int skip, long[] expected, string field)
    {
        if (dims is null)
        {
            return; // shape not declared: checked on the first run
        }

        bool ok = dims.Count == skip + expected.Length;
        for (int k = 0; ok && k < expected.Length; k++)
        {
            ok = dims[skip + k] is null || dims[skip + k] == expected[k];
        }

        if (!ok)
        {
            string declared = string.Join(", ", dims.Select(d => d?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"));
            throw new FaceSynthDataException(spec.BundleFile, $"{field} [{string.Join(", ", expected)}] per row does not match {what} of {Path.GetFileName(m.Model)} ({m.Field}), declared [{declared}]");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _run.Dispose();
        _idEncoder.Dispose();
        _unet.Dispose();
        _vae.Dispose();
    }
}
