using System.Text.Json;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Inversion;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Embedding;

namespace FaceSynth.Cli.Commands;

/// <summary>
/// Reads the target systems of <c>audit inversion</c> (AUDIT.md 2.2): precomputed embedding sets, or an ONNX
/// recognition model that embeds the dataset images (an images CSV) and the attack images (the attacks CSV's
/// <c>path</c> column).
/// </summary>
internal static class AuditInversionTargets
{
    /// <summary>
    /// Embedding-set targets and ONNX targets of <paramref name="file"/>; <paramref name="models"/> receives the model
    /// file of each ONNX target (by name), <paramref name="warnings"/> the failed attack images.
    /// </summary>
    public static List<InversionTarget> Read(string file, string subjectColumn, IReadOnlyList<InversionAttack> attacks, string attacksCsv, FaceEmbedderOptions embedderOptions, Dictionary<string, string> models, List<string> warnings)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new FaceSynthDataException(file, $"invalid JSON: {e.Message}", e);
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var arr = root?["targets"] as JsonArray ?? throw new FaceSynthDataException(file, "expected an object with a 'targets' array");
        var list = new List<InversionTarget>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in arr)
        {
            string name = Text(t, "name", file) ?? throw new FaceSynthDataException(file, "every target needs a 'name'");
            if (!names.Add(name))
            {
                throw new FaceSynthDataException(file, $"target name '{name}' is used twice");
            }

            bool generator = t?["generator_space"] is JsonValue g && g.TryGetValue(out bool gv) && gv;
            string? model = Text(t, "model", file);
            if (model is null)
            {
                string ds = Text(t, "dataset", file) ?? throw new FaceSynthDataException(file, $"target '{name}' needs 'dataset' and 'attacks' (embedding sets) or 'model' and 'images' (an ONNX model)");
                string at = Text(t, "attacks", file) ?? throw new FaceSynthDataException(file, $"target '{name}' needs 'attacks' (T's embeddings of the attack images)");
                list.Add(new InversionTarget(name, AuditSet.Load(Path.Combine(dir, ds), subjectColumn: Text(t, "subject_column", file) ?? subjectColumn, model: name), Npy.ReadMatrix(Path.Combine(dir, at)), generator));
                continue;
            }

            string images = Text(t, "images", file) ?? throw new FaceSynthDataException(file, $"target '{name}' names a model and needs 'images' (a CSV with 'path' and the subject column)");
            bool flip = t?["flip"] is JsonValue fv && fv.TryGetValue(out bool fb) && fb;
            models[name] = Path.Combine(dir, model);
            list.Add(FromModel(name, Path.Combine(dir, model), Path.Combine(dir, images), Text(t, "subject_column", file) ?? subjectColumn, attacks, attacksCsv, embedderOptions with { FlipTest = flip }, generator, warnings));
        }

        return list.Count > 0 ? list : throw new FaceSynthDataException(file, "the 'targets' array is empty");
    }

    private static string? Text(JsonNode? target, string key, string file)
    {
        var node = target?[key];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue v && v.TryGetValue(out string? s) ? s : throw new FaceSynthDataException(file, $"'{key}' must be a string");
    }

    private static InversionTarget FromModel(string name, string modelPath, string imagesCsv, string subjectColumn, IReadOnlyList<InversionAttack> attacks, string attacksCsv, FaceEmbedderOptions options, bool generator, List<string> warnings)
    {
        var list = ImageListCsv.Read(imagesCsv, [subjectColumn]);
        using var embedder = FaceEmbedder.Open(modelPath, options);
        var dataset = ImageListEmbedding.Embed(embedder, list.Paths);

        string attackRoot = Path.GetDirectoryName(Path.GetFullPath(attacksCsv))!;
        var attackPaths = new string[attacks.Count];
        for (int k = 0; k < attacks.Count; k++)
        {
            attackPaths[k] = attacks[k].Path is { Length: > 0 } p
                ? Path.Combine(attackRoot, p)
                : throw new FaceSynthDataException(attacksCsv, $"attack {k + 1}: target '{name}' embeds the attack images, so every attack needs a 'path'");
        }

        var attackRows = new EmbeddingMatrix(attacks.Count, embedder.Dim);
        ImageListEmbedding.Embed(embedder, attackPaths, attackRows, strict: false, out var failures);
        foreach (var (row, message) in failures)
        {
            warnings.Add($"{name}: attack {row} ({attacks[row].Path}) could not be read and counts as a failed attack: {message}");
        }

        return new InversionTarget(name, new AuditSet(dataset, list.Column(subjectColumn), list.Paths, imagesCsv, name), attackRows, generator);
    }
}
