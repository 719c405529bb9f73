using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using FaceSynth.Embeddings;

namespace FaceSynth.Synthesis;

/// <summary>An input file recorded in the manifest.</summary>
/// <param name="Role">"gallery", "constants", "identities"...</param>
/// <param name="Path">The file.</param>
public sealed record SynthesisInput(string Role, string Path);

/// <summary>Writes a synthesis output folder (SYNTHESIS.md 2.3): arrays, manifest.json, metrics.json, trace.csv.</summary>
public static class SynthesisOutput
{
    /// <summary>Manifest schema.</summary>
    public const string Schema = "facesynth.synthesis/1";

    /// <summary>Toolkit version written into manifests.</summary>
    public static string ToolkitVersion { get; } = typeof(SynthesisOutput).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes identities.npy, manifest.json, metrics.json and trace.csv of an identity run.</summary>
    public static void WriteIdentities(string directory, string sampler, IdentityRequest request, SamplerResult result, IReadOnlyList<SynthesisInput> inputs,
        JsonObject? metrics, TraceRecorder? trace, string embeddingSpace = "unspecified")
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        Npy.Write(Path.Combine(directory, "identities.npy"), result.Identities);
        var manifest = Manifest("identities", sampler, result.Method, request.Seed, request.Count, request.Dim, null, embeddingSpace, result.Options, inputs, directory, result.Run);
        manifest["outputs"] = new JsonObject { ["identities"] = "identities.npy", ["metrics"] = "metrics.json", ["trace"] = "trace.csv" };
        Finish(directory, manifest, metrics, trace);
    }

    /// <summary>Writes variations.npy (N x A x d), manifest.json, metrics.json of a variation run.</summary>
    public static void WriteVariations(string directory, string sampler, ulong seed, VariationResult result, IReadOnlyList<SynthesisInput> inputs,
        JsonObject? metrics, string embeddingSpace = "unspecified")
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        Npy.Write(Path.Combine(directory, "variations.npy"), result.Variations, result.Count, result.PerIdentity, result.Dim);
        var manifest = Manifest("variations", sampler, result.Method, seed, result.Count, result.Dim, result.PerIdentity, embeddingSpace, result.Options, inputs, directory, result.Run);
        manifest["outputs"] = new JsonObject { ["variations"] = "variations.npy", ["metrics"] = "metrics.json" };
        Finish(directory, manifest, metrics, null);
    }

    /// <summary>Writes text atomically (temporary name in the same folder, then move).</summary>
    public static void WriteText(string path, string text)
    {
        var tmp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var fs = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(fs));
    }

    private static void Finish(string directory, JsonObject manifest, JsonObject? metrics, TraceRecorder? trace)
    {
        if (metrics is not null)
        {
            WriteText(Path.Combine(directory, "metrics.json"), metrics.ToJsonString(Indented));
        }

        if (trace is not null)
        {
            WriteText(Path.Combine(directory, "trace.csv"), trace.ToCsv());
        }

        WriteText(Path.Combine(directory, "manifest.json"), manifest.ToJsonString(Indented));
    }

    private static JsonObject Manifest(string kind, string sampler, string method, ulong seed, int count, int dim, int? perIdentity, string space,
        IReadOnlyDictionary<string, object?> options, IReadOnlyList<SynthesisInput> inputs, string directory, RunSummary run)
    {
        var inputArray = new JsonArray();
        foreach (var input in inputs)
        {
            JsonNode? shape = null;
            if (input.Path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            {
                var h = Npy.ReadHeader(input.Path);
                shape = new JsonArray([.. h.Shape.Select(s => (JsonNode?)JsonValue.Create(s))]);
            }

            inputArray.Add(new JsonObject
            {
                ["role"] = input.Role,
                ["file"] = Path.GetRelativePath(directory, Path.GetFullPath(input.Path)),
                ["sha256"] = Sha256(input.Path),
                ["shape"] = shape,
            });
        }

        return new JsonObject
        {
            ["schema"] = Schema,
            ["kind"] = kind,
            ["sampler"] = sampler,
            ["method"] = method,
            ["toolkit_version"] = ToolkitVersion,
            ["created_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = seed,
            ["count"] = count,
            ["dim"] = dim,
            ["per_identity"] = perIdentity,
            ["embedding_space"] = space,
            ["options"] = SynthesisJson.Options(options),
            ["inputs"] = inputArray,
            ["run"] = new JsonObject
            {
                ["iterations"] = run.Iterations,
                ["stopped"] = run.Stopped,
                ["best_iteration"] = run.BestIteration,
                ["elapsed_s"] = run.Elapsed.TotalSeconds,
                ["threads"] = run.Threads,
                ["simd"] = run.Simd,
            },
        };
    }
}
