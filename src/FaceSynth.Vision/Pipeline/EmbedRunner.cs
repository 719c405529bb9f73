using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Alignment;
using FaceSynth.Vision.Datasets;
using FaceSynth.Vision.Detection;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Pipeline;

/// <summary>
/// The <c>facesynth embed</c> pipeline: read, decode (in parallel, one batch ahead of the model), optionally
/// detect and align, embed, and checkpoint every chunk to <c>OUT.partial/</c> so an interrupted run resumes.
/// Writes <c>OUT</c> (.npy, N x d float32, failed images as zero rows), <c>OUT.ids.txt</c>, <c>OUT.labels.txt</c>
/// (when the input has labels) and <c>OUT.failures.tsv</c>.
/// </summary>
public static class EmbedRunner
{
    /// <summary>Runs the pipeline over <paramref name="items"/>; <paramref name="progress"/> receives images done so far.</summary>
    public static EmbedRunResult Run(IReadOnlyList<EmbedItem> items, FaceEmbedder embedder, ScrfdDetector? detector, EmbedRunOptions options, IProgress<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var sessionAtStart = embedder.SessionTime;
        int dim = embedder.Dim, chunk = Math.Max(1, options.ChunkSize);
        string partial = options.OutputPath + ".partial";
        string signature = string.Create(CultureInfo.InvariantCulture,
            $"count={items.Count}\ndim={dim}\nchunk={chunk}\nmodel={Path.GetFullPath(embedder.ModelPath)}\nflip={embedder.Options.FlipTest}\ndetector={detector is not null}\nfirst={(items.Count > 0 ? items[0].Id : "")}\nlast={(items.Count > 0 ? items[^1].Id : "")}\n");
        PreparePartial(partial, signature);

        var data = new float[(long)items.Count * dim];
        var failures = new List<(int, string, string)>();
        int resumed = 0;
        long embeddedNow = 0;
        int chunks = (items.Count + chunk - 1) / chunk;
        for (int c = 0; c < chunks; c++)
        {
            ct.ThrowIfCancellationRequested();
            int start = c * chunk, n = Math.Min(chunk, items.Count - start);
            var dst = data.AsSpan(start * dim, n * dim);
            string file = Path.Combine(partial, string.Create(CultureInfo.InvariantCulture, $"chunk-{c:D6}.f32"));
            string failFile = Path.ChangeExtension(file, ".failures.tsv");
            if (File.Exists(file) && new FileInfo(file).Length == n * dim * 4L)
            {
                File.ReadAllBytes(file).CopyTo(MemoryMarshal.AsBytes(dst));
                if (File.Exists(failFile))
                {
                    failures.AddRange(ReadFailures(failFile));
                }

                resumed++;
                progress?.Report(start + n);
                continue;
            }

            var chunkFailures = EmbedChunk(items, start, n, embedder, detector, options, dst, progress, ct);
            AtomicWrite.Text(failFile, string.Concat(chunkFailures.Select(f => $"{f.Index}\t{f.Id}\t{f.Reason}\n")));
            AtomicWrite.Bytes(file, MemoryMarshal.AsBytes((ReadOnlySpan<float>)dst));
            failures.AddRange(chunkFailures);
            embeddedNow += n;
        }

        var matrix = new EmbeddingMatrix(data, items.Count, dim);
        Npy.Write(options.OutputPath, matrix);
        string stem = options.OutputPath;
        AtomicWrite.Text(stem + ".ids.txt", string.Concat(items.Select(i => Clean(i.Id) + "\n")));
        if (items.Any(i => i.Label is not null))
        {
            AtomicWrite.Text(stem + ".labels.txt", string.Concat(items.Select(i => Clean(i.Label ?? "") + "\n")));
        }

        var sb = new StringBuilder("index\tid\treason\n");
        foreach (var (i, id, reason) in failures)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{i}\t{Clean(id)}\t{Clean(reason)}\n");
        }

        AtomicWrite.Text(stem + ".failures.tsv", sb.ToString());
        Directory.Delete(partial, recursive: true);
        clock.Stop();
        return new EmbedRunResult(items.Count, dim, failures, resumed, clock.Elapsed, embeddedNow / Math.Max(1e-9, clock.Elapsed.TotalSeconds))
        {
            SessionTime = embedder.SessionTime - sessionAtStart,
        };
    }

    /// <summary>Decodes (and with a detector, aligns) one image; errors are <see cref="FaceSynthDataException"/>.</summary>
    public static RgbImage Prepare(EmbedItem item, ScrfdDetector? detector, ImageDecodeOptions? decode, int size)
    {
        ArgumentNullException.ThrowIfNull(item);
        var image = ImageDecoder.Decode(item.Load(), item.Id, decode);
        if (detector is null)
        {
            return image;
        }

        var faces = detector.Detect(image);
        var best = faces.Count > 0 ? ScrfdDecoder.Rank(faces, 1, image.Width, image.Height)[0] : null;
        if (best?.Landmarks is null)
        {
            throw new FaceSynthDataException(item.Id, best is null ? "no face detected" : "the detector gives no landmarks (a keypoint SCRFD model is needed for alignment)");
        }

        return FaceAligner.Align(image, best.Landmarks, size);
    }

    private static List<(int Index, string Id, string Reason)> EmbedChunk(IReadOnlyList<EmbedItem> items, int start, int n, FaceEmbedder embedder, ScrfdDetector? detector, EmbedRunOptions options, Span<float> dst, IProgress<long>? progress, CancellationToken ct)
    {
        var failures = new List<(int, string, string)>();
        int batch = embedder.BatchSize, dim = embedder.Dim;
        int threads = options.DecodeThreads > 0 ? options.DecodeThreads : Environment.ProcessorCount;
        var gate = new object();

        RgbImage?[] Decode(int from, int count)
        {
            var result = new RgbImage?[count];
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct }, k =>
            {
                var item = items[from + k];
                try
                {
                    // The detector session is not shared across threads.
                    if (detector is null)
                    {
                        result[k] = Prepare(item, null, options.Decode, embedder.InputWidth);
                    }
                    else
                    {
                        lock (gate)
                        {
                            result[k] = Prepare(item, detector, options.Decode, embedder.InputWidth);
                        }
                    }
                }
                catch (FaceSynthDataException e) when (!options.FailOnError)
                {
                    lock (failures)
                    {
                        failures.Add((from + k, item.Id, e.Message));
                    }
                }
            });
            return result;
        }

        var pending = Task.Run(() => Decode(start, Math.Min(batch, n)), ct);
        for (int b = 0; b < n; b += batch)
        {
            int m = Math.Min(batch, n - b);
            var decoded = pending.GetAwaiter().GetResult();
            if (b + m < n)
            {
                int next = b + m;
                pending = Task.Run(() => Decode(start + next, Math.Min(batch, n - next)), ct);
            }

            var ok = new List<RgbImage>(m);
            var rows = new List<int>(m);
            for (int k = 0; k < m; k++)
            {
                if (decoded[k] is { } img)
                {
                    ok.Add(img);
                    rows.Add(b + k);
                }
            }

            var outBuf = new float[ok.Count * dim];
            embedder.Embed(ok, outBuf);
            dst.Slice(b * dim, m * dim).Clear();
            for (int k = 0; k < rows.Count; k++)
            {
                outBuf.AsSpan(k * dim, dim).CopyTo(dst.Slice(rows[k] * dim, dim));
            }

            progress?.Report(start + b + m);
        }

        failures.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return failures;
    }

    private static void PreparePartial(string partial, string signature)
    {
        string sigFile = Path.Combine(partial, "run.txt");
        if (Directory.Exists(partial))
        {
            if (File.Exists(sigFile) && File.ReadAllText(sigFile) == signature)
            {
                return;
            }

            throw new FaceSynthDataException(partial, "an interrupted run with different inputs or options left this folder; delete it to start over");
        }

        Directory.CreateDirectory(partial);
        AtomicWrite.Text(sigFile, signature);
    }

    private static IEnumerable<(int, string, string)> ReadFailures(string path)
    {
        foreach (string line in File.ReadLines(path))
        {
            var p = line.Split('\t', 3);
            if (p.Length == 3 && int.TryParse(p[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int i))
            {
                yield return (i, p[1], p[2]);
            }
        }
    }

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
