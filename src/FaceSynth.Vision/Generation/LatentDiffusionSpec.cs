using System.Text.Json;

namespace FaceSynth.Vision.Generation;

/// <summary>An ONNX model of a latent-diffusion bundle: file (absolute) and the input/output names used.</summary>
/// <param name="Field">The bundle field that names it (<c>latent_diffusion.unet</c>, ...), for error messages.</param>
/// <param name="Model">The ONNX file, absolute.</param>
/// <param name="Input">The (first) input name.</param>
/// <param name="Output">The output name.</param>
public sealed record DiffusionModelRef(string Field, string Model, string Input, string Output);

/// <summary>The noise schedule of a latent-diffusion bundle (<c>latent_diffusion.scheduler</c>, SYNTHESIS.md 6.2-6.3).</summary>
/// <param name="TrainSteps">T_train.</param>
/// <param name="BetaSchedule"><c>scaled_linear</c> or <c>linear</c>.</param>
/// <param name="BetaStart">β at k = 0.</param>
/// <param name="BetaEnd">β at k = T_train - 1.</param>
/// <param name="StepsOffset">Added to every "leading" timestep.</param>
/// <param name="FinalAlphaOne">True for <c>final_alpha = "one"</c> (ᾱ before timestep 0 is 1), false for <c>"first"</c> (ᾱ[0]).</param>
public sealed record DiffusionSchedulerSpec(int TrainSteps, string BetaSchedule, double BetaStart, double BetaEnd, int StepsOffset, bool FinalAlphaOne);

/// <summary>The <c>latent_diffusion</c> section of <c>generator.json</c> (SYNTHESIS.md 6.2), parsed and range-checked.</summary>
public sealed record LatentDiffusionSpec
{
    /// <summary>Largest latent or context a row may have (elements); guards allocations sized by the bundle.</summary>
    public const long MaxRowElements = 1L << 24;

    /// <summary>The samplers this build runs.</summary>
    public static readonly IReadOnlyList<string> Samplers = ["ddim", "dpmpp_2m"];

    /// <summary>The bundle's <c>generator.json</c> (the source named in errors).</summary>
    public required string BundleFile { get; init; }

    /// <summary>The unconditional context <c>.npy</c> ([1, L, C] or [L, C]), absolute.</summary>
    public required string UncondContext { get; init; }

    /// <summary>Latent shape per row, e.g. [4, 64, 64].</summary>
    public required long[] LatentShape { get; init; }

    /// <summary>The VAE latent scaling factor (the decoder gets z / LatentScale).</summary>
    public required double LatentScale { get; init; }

    /// <summary>Embedding [B, dim] to UNet context [B, L, C].</summary>
    public required DiffusionModelRef IdEncoder { get; init; }

    /// <summary>The UNet; <see cref="DiffusionModelRef.Input"/> is the sample input.</summary>
    public required DiffusionModelRef Unet { get; init; }

    /// <summary>The UNet's timestep input name.</summary>
    public required string UnetTimestep { get; init; }

    /// <summary>The UNet timestep element type: <c>int64</c>, <c>int32</c> or <c>float32</c>.</summary>
    public required string TimestepType { get; init; }

    /// <summary>The UNet's context (encoder hidden states) input name.</summary>
    public required string UnetContext { get; init; }

    /// <summary>Latent [B, latent...] to image [B, 3, H, W].</summary>
    public required DiffusionModelRef VaeDecoder { get; init; }

    /// <summary>The noise schedule.</summary>
    public required DiffusionSchedulerSpec Scheduler { get; init; }

    /// <summary>Default sampler: <c>ddim</c> (the reference, when the bundle names none) or <c>dpmpp_2m</c>.</summary>
    public required string DefaultSampler { get; init; }

    /// <summary>Default number of sampling steps.</summary>
    public required int DefaultSteps { get; init; }

    /// <summary>Default classifier-free guidance scale.</summary>
    public required double DefaultGuidanceScale { get; init; }

    /// <summary>Elements of one row's latent.</summary>
    public int LatentLength => (int)LatentShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Parses <paramref name="section"/> (the <c>latent_diffusion</c> object) of <paramref name="bundleFile"/>; relative files resolve against <paramref name="directory"/>.</summary>
    public static LatentDiffusionSpec Parse(JsonElement section, string bundleFile, string directory)
    {
        var p = new FieldReader(bundleFile);
        const string S = "latent_diffusion";
        var shape = p.LongArray(section, S, "latent_shape");
        if (shape.Length is < 1 or > 4 || shape.Any(v => v <= 0) || shape.Aggregate(1.0, (a, b) => a * b) > MaxRowElements)
        {
            throw p.Error($"{S}.latent_shape", $"[{string.Join(", ", shape)}] must have 1 to 4 positive dimensions and at most {MaxRowElements} elements");
        }

        double scale = p.Double(section, S, "latent_scale");
        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw p.Error($"{S}.latent_scale", $"{scale} must be a positive number");
        }

        var id = p.Object(section, S, "id_encoder");
        var unet = p.Object(section, S, "unet");
        var vae = p.Object(section, S, "vae_decoder");
        var sch = p.Object(section, S, "scheduler");
        string timestepType = p.OptionalString(unet, $"{S}.unet", "timestep_type") ?? "int64";
        if (timestepType is not ("int64" or "int32" or "float32"))
        {
            throw p.Error($"{S}.unet.timestep_type", $"'{timestepType}' must be int64, int32 or float32");
        }

        var scheduler = ParseScheduler(p, sch, $"{S}.scheduler");
        var (sampler, steps, guidance) = ParseDefaults(p, section, S, scheduler);
        return new LatentDiffusionSpec
        {
            BundleFile = bundleFile,
            UncondContext = Path.Combine(directory, p.String(section, S, "uncond_context")),
            LatentShape = shape,
            LatentScale = scale,
            IdEncoder = new($"{S}.id_encoder", Path.Combine(directory, p.String(id, $"{S}.id_encoder", "model")), p.String(id, $"{S}.id_encoder", "input"), p.String(id, $"{S}.id_encoder", "output")),
            Unet = new($"{S}.unet", Path.Combine(directory, p.String(unet, $"{S}.unet", "model")), p.String(unet, $"{S}.unet", "sample"), p.String(unet, $"{S}.unet", "output")),
            UnetTimestep = p.String(unet, $"{S}.unet", "timestep"),
            TimestepType = timestepType,
            UnetContext = p.String(unet, $"{S}.unet", "context"),
            VaeDecoder = new($"{S}.vae_decoder", Path.Combine(directory, p.String(vae, $"{S}.vae_decoder", "model")), p.String(vae, $"{S}.vae_decoder", "input"), p.String(vae, $"{S}.vae_decoder", "output")),
            Scheduler = scheduler,
            DefaultSampler = sampler,
            DefaultSteps = steps,
            DefaultGuidanceScale = guidance,
        };
    }

    /// <summary>Why <paramref name="steps"/> cannot run on <paramref name="scheduler"/> ("leading" timesteps, SYNTHESIS.md 6.3), or null when it can.</summary>
    public static string? StepsProblem(int steps, DiffusionSchedulerSpec scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        if (steps < 1)
        {
            return $"{steps} must be at least 1";
        }

        if (steps > scheduler.TrainSteps)
        {
            return $"{steps} exceeds scheduler.train_steps ({scheduler.TrainSteps})";
        }

        long first = ((long)(steps - 1) * (scheduler.TrainSteps / steps)) + scheduler.StepsOffset;
        return first >= scheduler.TrainSteps
            ? $"{steps} steps with steps_offset {scheduler.StepsOffset} start at timestep {first}, beyond the last trained timestep {scheduler.TrainSteps - 1}"
            : null;
    }

    private static DiffusionSchedulerSpec ParseScheduler(FieldReader p, JsonElement sch, string s)
    {
        int train = p.Int(sch, s, "train_steps");
        if (train < 2 || train > 1_000_000)
        {
            throw p.Error($"{s}.train_steps", $"{train} must be between 2 and 1000000");
        }

        string schedule = p.String(sch, s, "beta_schedule");
        if (schedule is not ("scaled_linear" or "linear"))
        {
            throw p.Error($"{s}.beta_schedule", $"'{schedule}' is not supported (scaled_linear or linear)");
        }

        double b0 = p.Double(sch, s, "beta_start"), b1 = p.Double(sch, s, "beta_end");
        if (!(b0 > 0 && b0 < 1))
        {
            throw p.Error($"{s}.beta_start", $"{b0} must lie in (0, 1)");
        }

        if (!(b1 > 0 && b1 < 1))
        {
            throw p.Error($"{s}.beta_end", $"{b1} must lie in (0, 1)");
        }

        string prediction = p.OptionalString(sch, s, "prediction") ?? "epsilon";
        if (prediction != "epsilon")
        {
            throw p.Error($"{s}.prediction", $"'{prediction}' is not supported (this build samples epsilon-prediction models only)");
        }

        int offset = p.OptionalInt(sch, s, "steps_offset") ?? 0;
        if (offset < 0 || offset >= train)
        {
            throw p.Error($"{s}.steps_offset", $"{offset} must lie in [0, train_steps)");
        }

        string final = p.OptionalString(sch, s, "final_alpha") ?? "first";
        if (final is not ("first" or "one"))
        {
            throw p.Error($"{s}.final_alpha", $"'{final}' must be first or one");
        }

        if (!(DiffusionSchedule.AlphaBars(DiffusionSchedule.Betas(schedule, b0, b1, train))[^1] > 0))
        {
            throw p.Error(s, $"the noise schedule's ᾱ underflows to 0 before timestep {train - 1}; lower beta_end or train_steps");
        }

        return new DiffusionSchedulerSpec(train, schedule, b0, b1, offset, final == "one");
    }

    private static (string Sampler, int Steps, double Guidance) ParseDefaults(FieldReader p, JsonElement section, string s, DiffusionSchedulerSpec scheduler)
    {
        var defaults = p.Object(section, s, "defaults");
        string d = $"{s}.defaults";
        string sampler = p.OptionalString(defaults, d, "sampler") ?? "ddim";
        if (!Samplers.Contains(sampler))
        {
            throw p.Error($"{d}.sampler", $"'{sampler}' must be one of {string.Join(", ", Samplers)}");
        }

        int steps = p.Int(defaults, d, "steps");
        if (StepsProblem(steps, scheduler) is { } problem)
        {
            throw p.Error($"{d}.steps", problem);
        }

        double g = p.Double(defaults, d, "guidance_scale");
        if (!double.IsFinite(g))
        {
            throw p.Error($"{d}.guidance_scale", $"{g} must be a finite number");
        }

        return (sampler, steps, g);
    }

    // Reads typed fields and names the bundle file and the dotted field in every error.
    private sealed class FieldReader(string file)
    {
        public FaceSynthDataException Error(string field, string message) => new(file, $"{field}: {message}");

        public JsonElement Object(JsonElement e, string at, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw Error($"{at}.{name}", "missing object");

        public string String(JsonElement e, string at, string name) =>
            OptionalString(e, at, name) is { Length: > 0 } v ? v : throw Error($"{at}.{name}", "missing or empty string");

        public string? OptionalString(JsonElement e, string at, string name)
        {
            if (!e.TryGetProperty(name, out var v))
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.String ? v.GetString() : throw Error($"{at}.{name}", $"expected a string, found {v.ValueKind}");
        }

        public int Int(JsonElement e, string at, string name) =>
            OptionalInt(e, at, name) ?? throw Error($"{at}.{name}", "missing integer");

        public int? OptionalInt(JsonElement e, string at, string name)
        {
            if (!e.TryGetProperty(name, out var v))
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw Error($"{at}.{name}", $"expected an integer, found {v.GetRawText()}");
        }

        public double Double(JsonElement e, string at, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && double.IsFinite(d) ? d : throw Error($"{at}.{name}", "missing or non-finite number");

        public long[] LongArray(JsonElement e, string at, string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array)
            {
                throw Error($"{at}.{name}", "missing array of integers");
            }

            if (v.GetArrayLength() > 8)
            {
                throw Error($"{at}.{name}", $"{v.GetArrayLength()} dimensions; at most 4 are supported");
            }

            return [.. v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out long l) ? l : throw Error($"{at}.{name}", $"expected integers, found {x.GetRawText()}"))];
        }
    }
}
