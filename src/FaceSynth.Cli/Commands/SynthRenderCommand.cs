using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FaceSynth.Cli.Infrastructure;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Detection;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Generation;

namespace FaceSynth.Cli.Commands;

/// <summary><c>facesynth synth render</c>: identities (+ variations) to an image dataset with a generator bundle (SYNTHESIS.md 6.4).</summary>
internal static class SynthRenderCommand
{
    public static Command Build()
    {
        var identities = new Option<DirectoryInfo>("--identities") { Description = "Folder with identities.npy and manifest.json", Required = true };
        var variations = new Option<DirectoryInfo?>("--variations") { Description = "Folder with variations.npy (N x A x d): condition on variations" };
        var generator = new Option<DirectoryInfo>("--generator") { Description = "Generator bundle folder (generator.json + ONNX files)", Required = true };
        var perIdentity = new Option<int>("--per-identity") { Description = "Images per identity", Required = true };
        var layout = new Option<string>("--layout") { Description = "imagefolder, recordio or both (comma-separated)", DefaultValueFactory = _ => "imagefolder" };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed", DefaultValueFactory = _ => 0 };
        var detector = new Option<FileInfo?>("--detector") { Description = "SCRFD model, needed when the generator's images are not aligned" };
        var checker = new Option<FileInfo?>("--identity-check") { Description = "Recognition model to check each image against its reference" };
        var minCos = new Option<float?>("--min-identity-cos") { Description = "Retry images whose cosine to the reference is below this" };
        var retries = new Option<int>("--retries") { Description = "Retries per image", DefaultValueFactory = _ => 3 };
        var png = new Option<bool>("--png") { Description = "PNG instead of JPEG quality 95" };
        var allowSpace = new Option<bool>("--allow-space-mismatch") { Description = "Render even if the identities' embedding space differs from the generator's" };
        var steps = new Option<int?>("--steps") { Description = "Diffusion steps (latent-diffusion bundles; default: the bundle's)" };
        var guidance = new Option<float?>("--guidance-scale") { Description = "Classifier-free guidance scale (latent-diffusion bundles; default: the bundle's)" };
        var sampler = new Option<string?>("--sampler") { Description = "ddim or dpmpp_2m (latent-diffusion bundles; default: the bundle's)" };
        var vision = new VisionOptions();
        var cmd = new Command("render", "Render a face dataset (ImageFolder and/or insightface RecordIO) from identity embeddings with a generator bundle.")
        {
            identities, variations, generator, perIdentity, layout, output, seed, detector, checker, minCos, retries, png, allowSpace,
            steps, guidance, sampler,
        };
        vision.AddTo(cmd);
        cmd.SetGuardedAction((ctx, parse) =>
        {
            var layouts = parse.GetValue(layout)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (layouts.Length == 0 || layouts.Any(l => l is not ("imagefolder" or "recordio")))
            {
                throw new CliUsageException("--layout takes imagefolder, recordio or both, comma-separated");
            }

            int a = parse.GetValue(perIdentity);
            if (a <= 0)
            {
                throw new CliUsageException("--per-identity must be positive");
            }

            var session = vision.Session(parse);
            string idDir = parse.GetValue(identities)!.FullName;
            var x = Npy.ReadMatrix(Path.Combine(idDir, "identities.npy"));
            using var gen = GeneratorBundle.Open(parse.GetValue(generator)!.FullName, session);
            var generation = Sampling(parse.GetValue(steps), parse.GetValue(guidance), parse.GetValue(sampler), gen.Descriptor, Math.Max(1, parse.GetValue(vision.Batch)));
            string space = ReadSpace(Path.Combine(idDir, "manifest.json"));
            if (space != gen.Descriptor.EmbeddingSpace && !parse.GetValue(allowSpace))
            {
                throw new FaceSynthDataException(idDir, $"identities live in embedding space '{space}', the generator expects '{gen.Descriptor.EmbeddingSpace}' (translate them first, or pass --allow-space-mismatch)");
            }

            float[]? v = null;
            if (parse.GetValue(variations) is { } vd)
            {
                var arr = Npy.Read(Path.Combine(vd.FullName, "variations.npy"));
                if (arr.Rank != 3 || arr.Shape[0] != x.Rows || arr.Shape[1] != a || arr.Shape[2] != x.Dim)
                {
                    throw new FaceSynthDataException(vd.FullName, $"variations.npy has shape ({string.Join(", ", arr.Shape)}), expected ({x.Rows}, {a}, {x.Dim})");
                }

                v = arr.ToFloats();
            }

            using var det = parse.GetValue(detector) is { } df ? ScrfdDetector.Open(df.FullName, new ScrfdOptions(Session: session)) : null;
            using var check = parse.GetValue(checker) is { } cf ? FaceEmbedder.Open(cf.FullName, new FaceEmbedderOptions(Session: session)) : null;
            var options = new RenderOptions
            {
                PerIdentity = a,
                Seed = parse.GetValue(seed),
                ImageFolder = layouts.Contains("imagefolder"),
                RecordIo = layouts.Contains("recordio"),
                Png = parse.GetValue(png),
                Retries = parse.GetValue(retries),
                MinIdentityCos = parse.GetValue(minCos),
                Generation = generation,
            };
            RenderSummary summary;
            using (var progress = ctx.StartProgress("rendering", (long)x.Rows * a))
            {
                summary = DatasetRenderer.Render(gen, x.Data, x.Rows, v, parse.GetValue(output)!.FullName, det, check, options, progress, ctx.Cancellation);
            }

            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rendered {summary.Images} images of {summary.Identities} identities ({summary.Dropped} dropped, {summary.Skipped} already present)"));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string ReadSpace(string manifest)
    {
        if (!File.Exists(manifest))
        {
            return "unspecified";
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
        return doc.RootElement.TryGetProperty("embedding_space", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unspecified";
    }

    /// <summary>Sampling overrides, checked against the bundle before any image is made.</summary>
    private static GenerationOptions Sampling(int? steps, float? guidance, string? sampler, GeneratorDescriptor descriptor, int batch)
    {
        if (descriptor.LatentDiffusion is not { } ldm)
        {
            if (steps is not null || guidance is not null || sampler is not null)
            {
                throw new CliUsageException($"--steps, --guidance-scale and --sampler apply to latent_diffusion bundles; this bundle is {descriptor.Kind}");
            }

            return new GenerationOptions(BatchSize: batch);
        }

        if (steps is int n && LatentDiffusionSpec.StepsProblem(n, ldm.Scheduler) is { } problem)
        {
            throw new CliUsageException($"--steps {n}: {problem}");
        }

        if (guidance is float g && !(float.IsFinite(g) && g >= 0))
        {
            throw new CliUsageException("--guidance-scale must be a finite number >= 0");
        }

        if (sampler is not null && !LatentDiffusionSpec.Samplers.Contains(sampler))
        {
            throw new CliUsageException($"--sampler takes {string.Join(" or ", LatentDiffusionSpec.Samplers)}");
        }

        return new GenerationOptions(steps, guidance, batch, sampler);
    }
}
