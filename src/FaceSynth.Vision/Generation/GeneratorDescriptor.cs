using System.Text.Json;

namespace FaceSynth.Vision.Generation;

/// <summary>A generator bundle's <c>generator.json</c> (SYNTHESIS.md 6.2), the parts FaceSynth uses.</summary>
public sealed record GeneratorDescriptor
{
    /// <summary>The bundle folder.</summary>
    public required string Directory { get; init; }

    /// <summary>Bundle name.</summary>
    public required string Name { get; init; }

    /// <summary><c>single_pass</c> or <c>latent_diffusion</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Conditioning embedding dimension.</summary>
    public required int EmbeddingDim { get; init; }

    /// <summary>Identifier of the FR embedding space the generator is conditioned on.</summary>
    public required string EmbeddingSpace { get; init; }

    /// <summary>Output width.</summary>
    public required int Width { get; init; }

    /// <summary>Output height.</summary>
    public required int Height { get; init; }

    /// <summary>Output value range: <c>minus1_1</c>, <c>zero_1</c> or <c>zero_255</c>.</summary>
    public required string Range { get; init; }

    /// <summary><c>none</c> or <c>arcface112</c> (already aligned crops).</summary>
    public required string Aligned { get; init; }

    /// <summary>Single-pass model file (absolute), when kind is single_pass.</summary>
    public string? SinglePassModel { get; init; }

    /// <summary>Single-pass embedding input name.</summary>
    public string EmbeddingInput { get; init; } = "embedding";

    /// <summary>Single-pass noise input name (null = no noise input).</summary>
    public string? NoiseInput { get; init; }

    /// <summary>Noise shape per row.</summary>
    public long[] NoiseShape { get; init; } = [];

    /// <summary>Single-pass output name.</summary>
    public string OutputName { get; init; } = "image";

    /// <summary>The <c>latent_diffusion</c> section, when kind is latent_diffusion.</summary>
    public LatentDiffusionSpec? LatentDiffusion { get; init; }

    /// <summary>Reads <c>generator.json</c> from the bundle folder <paramref name="directory"/>.</summary>
    public static GeneratorDescriptor Read(string directory)
    {
        string path = Path.Combine(directory, "generator.json");
        if (!File.Exists(path))
        {
            throw new FaceSynthDataException(path, "generator bundle has no generator.json");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            string schema = Str(root, "schema", path);
            if (schema != "facesynth.generator/1")
            {
                throw new FaceSynthDataException(path, $"schema '{schema}' is not facesynth.generator/1");
            }

            var emb = Obj(root, "embedding", path);
            var output = Obj(root, "output", path);
            string kind = Str(root, "kind", path);
            string range = Str(output, "range", path);
            if (range is not ("minus1_1" or "zero_1" or "zero_255"))
            {
                throw new FaceSynthDataException(path, $"output.range '{range}' must be minus1_1, zero_1 or zero_255");
            }

            var d = new GeneratorDescriptor
            {
                Directory = Path.GetFullPath(directory),
                Name = Str(root, "name", path),
                Kind = kind,
                EmbeddingDim = Int(emb, "dim", path),
                EmbeddingSpace = Str(emb, "space", path),
                Width = Int(output, "width", path),
                Height = Int(output, "height", path),
                Range = range,
                Aligned = output.TryGetProperty("aligned", out var al) ? al.GetString() ?? "none" : "none",
            };
            if (kind == "single_pass")
            {
                var sp = Obj(root, "single_pass", path);
                d = d with
                {
                    SinglePassModel = Path.Combine(d.Directory, Str(sp, "model", path)),
                    EmbeddingInput = sp.TryGetProperty("embedding_input", out var ei) ? ei.GetString()! : "embedding",
                    NoiseInput = sp.TryGetProperty("noise_input", out var ni) ? ni.GetString() : null,
                    NoiseShape = sp.TryGetProperty("noise_shape", out var ns) ? [.. ns.EnumerateArray().Select(e => e.GetInt64())] : [],
                    OutputName = sp.TryGetProperty("output", out var on) ? on.GetString()! : "image",
                };
            }

            else if (kind == "latent_diffusion")
            {
                d = d with { LatentDiffusion = LatentDiffusionSpec.Parse(Obj(root, "latent_diffusion", path), path, d.Directory) };
            }

            return d;
        }
        catch (JsonException e)
        {
            throw new FaceSynthDataException(path, $"invalid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FaceSynthDataException(path, $"unexpected value type: {e.Message}", e);
        }
    }

    private static JsonElement Obj(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : throw new FaceSynthDataException(path, $"missing object '{name}'");

    private static string Str(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FaceSynthDataException(path, $"missing string '{name}'");

    private static int Int(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var v) && v.TryGetInt32(out int i) && i > 0 ? i : throw new FaceSynthDataException(path, $"missing positive integer '{name}'");
}
