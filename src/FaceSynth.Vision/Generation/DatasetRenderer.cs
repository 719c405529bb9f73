using System.Globalization;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using FaceSynth.Synthesis;
using FaceSynth.Vision.Alignment;
using FaceSynth.Vision.Datasets;
using FaceSynth.Vision.Detection;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Generation;

/// <summary>
/// Renders a face dataset from identity (and optional variation) embeddings with a generator
/// (SYNTHESIS.md 6.4): seeds per (identity, variation, retry), detection + alignment unless the generator
/// outputs aligned crops, optional identity check with retries, ImageFolder and/or RecordIO output,
/// <c>images.csv</c> and <c>manifest.json</c>. A rerun skips images already listed with an existing file.
/// </summary>
public static class DatasetRenderer
{
    private const string CsvHeader = "path,identity,label,variation,seed,retry,cos_to_reference,status";

    /// <summary>The seed of image (i, a) at retry r: the first output of <c>Stream(seed, "render", i, a * 65536 + r)</c>.</summary>
    public static ulong ImageSeed(ulong seed, int identity, int variation, int retry) =>
        new SynthRandom(seed, "render", (ulong)identity, ((ulong)variation * 65536) + (ulong)retry).Next();

    /// <summary>Renders into <paramref name="outDir"/>; <paramref name="variations"/> is N x A x d or null (condition on the identity).</summary>
    public static RenderSummary Render(IFaceGenerator generator, float[] identities, int count, float[]? variations, string outDir, ScrfdDetector? detector, FaceEmbedder? checker, RenderOptions options, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(options);
        var desc = generator.Descriptor;
        int d = desc.EmbeddingDim, a = options.PerIdentity;
        if (identities.Length != count * d)
        {
            throw new FaceSynthDataException("identities", $"{identities.Length} values for {count} identities of dimension {d} (the generator's)");
        }

        if (variations is not null && variations.Length != count * a * d)
        {
            throw new FaceSynthDataException("variations", $"{variations.Length} values, expected {count} x {a} x {d}");
        }

        bool aligned = desc.Aligned == "arcface112";
        if (!aligned && detector is null)
        {
            throw new FaceSynthDataException(desc.Directory, "the generator's images are not aligned (output.aligned = none); a detector is needed");
        }

        Directory.CreateDirectory(outDir);
        string staging = Path.Combine(outDir, options.ImageFolder ? "images" : ".render-staging");
        string csvPath = Path.Combine(outDir, "images.csv");
        string ext = options.Png ? ".png" : ".jpg";
        var done = ReadExisting(csvPath, outDir);
        var rows = new SortedDictionary<(int, int), string>(done);
        int dropped = 0, skipped = 0;
        for (int i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var reference = identities.AsSpan(i * d, d);
            var pending = Enumerable.Range(0, a).Where(v => !(done.TryGetValue((i, v), out string? line) && RowFileExists(line, outDir))).ToList();
            skipped += a - pending.Count;
            var best = new Dictionary<int, (RgbImage Image, ulong Seed, int Retry, float Cos)>();
            for (int r = 0; r <= options.Retries && pending.Count > 0; r++)
            {
                var cond = new float[pending.Count * d];
                var seeds = new ulong[pending.Count];
                for (int k = 0; k < pending.Count; k++)
                {
                    var src = variations is null ? reference : variations.AsSpan(((i * a) + pending[k]) * d, d);
                    src.CopyTo(cond.AsSpan(k * d, d));
                    seeds[k] = ImageSeed(options.Seed, i, pending[k], r);
                }

                var images = generator.Generate(cond, pending.Count, seeds, options.Generation, ct);
                var still = new List<int>();
                for (int k = 0; k < pending.Count; k++)
                {
                    var face = aligned ? images[k] : AlignLargest(images[k], detector!);
                    if (face is null)
                    {
                        still.Add(pending[k]);
                        continue;
                    }

                    float cos = checker is null ? float.NaN : Cosine(checker.Embed(face), reference);
                    bool ok = checker is null || options.MinIdentityCos is null || cos >= options.MinIdentityCos;
                    if (!best.TryGetValue(pending[k], out var prev) || cos > prev.Cos || ok)
                    {
                        best[pending[k]] = (face, seeds[k], r, cos);
                    }

                    if (ok)
                    {
                        rows[(i, pending[k])] = Save(outDir, staging, ext, options, i, count, pending[k], face, seeds[k], r, cos, "ok");
                    }
                    else
                    {
                        still.Add(pending[k]);
                    }
                }

                pending = still;
            }

            foreach (int v in pending)
            {
                if (best.TryGetValue(v, out var b) && options.KeepBest)
                {
                    rows[(i, v)] = Save(outDir, staging, ext, options, i, count, v, b.Image, b.Seed, b.Retry, b.Cos, "kept_best");
                }
                else
                {
                    dropped++;
                    rows[(i, v)] = string.Create(CultureInfo.InvariantCulture, $",{i},-1,{v},,{options.Retries},,{(best.ContainsKey(v) ? "dropped" : "no_face")}");
                }
            }

            AtomicWrite.Text(csvPath, CsvHeader + "\n" + string.Concat(rows.Values.Select(l => l + "\n")));
            progress?.Report((long)(i + 1) * a);
        }

        int identitiesKept = Finish(outDir, staging, rows, count, a, options, desc);
        AtomicWrite.Text(csvPath, CsvHeader + "\n" + string.Concat(rows.Values.Select(l => l + "\n")));
        WriteManifest(outDir, options, desc, count, identitiesKept);
        int written = rows.Values.Count(l => l.EndsWith(",ok", StringComparison.Ordinal) || l.EndsWith(",kept_best", StringComparison.Ordinal));
        return new RenderSummary(written, dropped, identitiesKept, skipped);
    }

    private static RgbImage? AlignLargest(RgbImage image, ScrfdDetector detector)
    {
        var faces = detector.Detect(image);
        if (faces.Count == 0)
        {
            return null;
        }

        var largest = faces.MaxBy(f => f.Area)!;
        return largest.Landmarks is null ? null : FaceAligner.Align(image, largest.Landmarks);
    }

    private static float Cosine(float[] e, ReadOnlySpan<float> reference) => TensorPrimitives.CosineSimilarity(e, reference);

    private static string Save(string outDir, string staging, string ext, RenderOptions o, int i, int count, int v, RgbImage face, ulong seed, int retry, float cos, string status)
    {
        string folder = Path.Combine(staging, ImageFolderDataset.IdentityFolder(i, count));
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, ImageFolderDataset.VariationFile(v, o.PerIdentity) + ext);
        AtomicWrite.Bytes(file, o.Png ? ImageEncoder.Png(face) : ImageEncoder.Jpeg(face, 95));
        string rel = Path.GetRelativePath(outDir, file).Replace('\\', '/');
        string c = float.IsNaN(cos) ? "" : cos.ToString("R", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{rel},{i},{i},{v},{seed},{retry},{c},{status}");
    }

    // Dense labels, folder renames, RecordIO from the saved bytes; returns the number of identities kept.
    private static int Finish(string outDir, string staging, SortedDictionary<(int, int), string> rows, int count, int a, RenderOptions o, GeneratorDescriptor desc)
    {
        var kept = rows.Where(kv => !kv.Value.StartsWith(',')).Select(kv => kv.Key.Item1).Distinct().Order().ToList();
        var dense = kept.Select((id, label) => (id, label)).ToDictionary(t => t.id, t => t.label);
        foreach (var key in rows.Keys.ToList())
        {
            string line = rows[key];
            var parts = line.Split(',');
            if (line.StartsWith(','))
            {
                continue;
            }

            int label = dense[key.Item1];
            if (label != key.Item1)
            {
                string from = Path.Combine(outDir, parts[0]);
                string toFolder = Path.Combine(staging, ImageFolderDataset.IdentityFolder(label, count));
                Directory.CreateDirectory(toFolder);
                string to = Path.Combine(toFolder, Path.GetFileName(from));
                if (File.Exists(from))
                {
                    File.Move(from, to, overwrite: true);
                }

                parts[0] = Path.GetRelativePath(outDir, to).Replace('\\', '/');
            }

            parts[2] = label.ToString(CultureInfo.InvariantCulture);
            rows[key] = string.Join(',', parts);
        }

        foreach (string dir in Directory.Exists(staging) ? Directory.GetDirectories(staging) : [])
        {
            if (!Directory.EnumerateFileSystemEntries(dir).Any())
            {
                Directory.Delete(dir);
            }
        }

        if (o.RecordIo)
        {
            using var w = new RecordIoWriter(Path.Combine(outDir, "rec"));
            long key = 0;
            foreach (var (_, line) in rows)
            {
                if (line.StartsWith(','))
                {
                    continue;
                }

                var parts = line.Split(',');
                w.WriteImage(key++, float.Parse(parts[2], CultureInfo.InvariantCulture), File.ReadAllBytes(Path.Combine(outDir, parts[0])));
            }

            w.Complete(Math.Max(1, kept.Count), 112, 112, key);
        }

        if (!o.ImageFolder && Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        _ = a;
        _ = desc;
        return kept.Count;
    }

    private static void WriteManifest(string outDir, RenderOptions o, GeneratorDescriptor desc, int count, int kept)
    {
        var outputs = new Dictionary<string, string> { ["images_csv"] = "images.csv" };
        if (o.ImageFolder)
        {
            outputs["imagefolder"] = "images";
        }

        if (o.RecordIo)
        {
            outputs["recordio"] = "rec/train.rec";
        }

        var manifest = new Dictionary<string, object?>
        {
            ["schema"] = "facesynth.synthesis/1",
            ["kind"] = "dataset",
            ["method"] = $"render with generator '{desc.Name}' ({desc.Kind})",
            ["toolkit_version"] = typeof(DatasetRenderer).Assembly.GetName().Version?.ToString(),
            ["created_utc"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
            ["seed"] = o.Seed,
            ["count"] = count,
            ["identities_kept"] = kept,
            ["dim"] = desc.EmbeddingDim,
            ["per_identity"] = o.PerIdentity,
            ["embedding_space"] = desc.EmbeddingSpace,
            ["options"] = new Dictionary<string, object?>
            {
                ["retries"] = o.Retries,
                ["keep_best"] = o.KeepBest,
                ["min_identity_cos"] = o.MinIdentityCos,
                ["png"] = o.Png,
                ["batch_size"] = o.Generation.BatchSize,
                ["steps"] = o.Generation.Steps,
                ["guidance_scale"] = o.Generation.GuidanceScale,
                ["sampler"] = o.Generation.Sampler,
            },
            ["outputs"] = outputs,
        };
        AtomicWrite.Text(Path.Combine(outDir, "manifest.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static Dictionary<(int, int), string> ReadExisting(string csvPath, string outDir)
    {
        var rows = new Dictionary<(int, int), string>();
        if (!File.Exists(csvPath))
        {
            return rows;
        }

        foreach (string line in File.ReadLines(csvPath).Skip(1))
        {
            var p = line.Split(',');
            if (p.Length == 8 && int.TryParse(p[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)
                && int.TryParse(p[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && RowFileExists(line, outDir))
            {
                rows[(i, v)] = line;
            }
        }

        return rows;
    }

    private static bool RowFileExists(string line, string outDir)
    {
        string rel = line.Split(',')[0];
        return rel.Length > 0 && File.Exists(Path.Combine(outDir, rel));
    }
}
