using System.Text.Json;
using System.Text.Json.Nodes;
using FaceSynth.Audit;
using FaceSynth.Audit.Inversion;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;

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
        var (paths, subjects) = ReadImages(imagesCsv, subjectColumn);
        using var embedder = FaceEmbedder.Open(modelPath, options);
        var dataset = new EmbeddingMatrix(paths.Length, embedder.Dim);
        Embed(embedder, paths, dataset, strict: true, out _);

        string attackRoot = Path.GetDirectoryName(Path.GetFullPath(attacksCsv))!;
        var attackPaths = new string[attacks.Count];
        for (int k = 0; k < attacks.Count; k++)
        {
            attackPaths[k] = attacks[k].Path is { Length: > 0 } p
                ? Path.Combine(attackRoot, p)
                : throw new FaceSynthDataException(attacksCsv, $"attack {k + 1}: target '{name}' embeds the attack images, so every attack needs a 'path'");
        }

        var attackRows = new EmbeddingMatrix(attacks.Count, embedder.Dim);
        Embed(embedder, attackPaths, attackRows, strict: false, out var failures);
        foreach (var (row, message) in failures)
        {
            warnings.Add($"{name}: attack {row} ({attacks[row].Path}) could not be read and counts as a failed attack: {message}");
        }

        return new InversionTarget(name, new AuditSet(dataset, subjects, paths, imagesCsv, name), attackRows, generator);
    }

    /// <summary>Paths (resolved against the CSV's folder) and subjects of an images CSV with a header.</summary>
    private static (string[] Paths, string[] Subjects) ReadImages(string csv, string subjectColumn)
    {
        if (!File.Exists(csv))
        {
            throw new FaceSynthDataException(csv, "images CSV not found");
        }

        var lines = File.ReadAllLines(csv);
        if (lines.Length == 0 || lines[0].Trim().Length == 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, $"expected a header with 'path' and '{subjectColumn}'");
        }

        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        int pc = Array.FindIndex(header, h => string.Equals(h, "path", StringComparison.OrdinalIgnoreCase));
        int sc = Array.FindIndex(header, h => string.Equals(h, subjectColumn, StringComparison.OrdinalIgnoreCase));
        if (pc < 0 || sc < 0)
        {
            throw FaceSynthDataException.AtLine(csv, 1, $"expected a header with 'path' and '{subjectColumn}' (found: {lines[0].Trim()})");
        }

        string root = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var paths = new List<string>();
        var subjects = new List<string>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var f = lines[i].Split(',');
            if (f.Length != header.Length || f[pc].Trim().Length == 0)
            {
                throw FaceSynthDataException.AtLine(csv, i + 1, $"expected {header.Length} fields with a non-empty path");
            }

            paths.Add(Path.Combine(root, f[pc].Trim()));
            subjects.Add(f[sc].Trim());
        }

        return paths.Count > 0 ? (paths.ToArray(), subjects.ToArray()) : throw new FaceSynthDataException(csv, "no images listed");
    }

    /// <summary>
    /// Embeds the images in batches into <paramref name="output"/>. Unreadable images stop the run when
    /// <paramref name="strict"/>, else leave a zero row (a failed attack) and are listed in <paramref name="failures"/>.
    /// </summary>
    private static void Embed(FaceEmbedder embedder, string[] paths, EmbeddingMatrix output, bool strict, out List<(int Row, string Message)> failures)
    {
        failures = [];
        int batch = Math.Max(1, embedder.BatchSize);
        var images = new List<RgbImage>(batch);
        var rows = new List<int>(batch);
        var buffer = new float[batch * embedder.Dim];
        for (int start = 0; start < paths.Length; start += batch)
        {
            images.Clear();
            rows.Clear();
            for (int i = start; i < Math.Min(paths.Length, start + batch); i++)
            {
                try
                {
                    images.Add(ImageDecoder.DecodeFile(paths[i]));
                    rows.Add(i);
                }
                catch (FaceSynthDataException e) when (!strict)
                {
                    failures.Add((i, e.Message));
                }
            }

            if (images.Count == 0)
            {
                continue;
            }

            embedder.Embed(images, buffer);
            for (int k = 0; k < rows.Count; k++)
            {
                buffer.AsSpan(k * embedder.Dim, embedder.Dim).CopyTo(output.Row(rows[k]));
            }
        }
    }
}
