using FaceSynth.Embeddings;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;

namespace FaceSynth.Cli.Commands;

/// <summary>
/// Embeds listed image files (aligned crops, no detector, like <c>embed</c> without one) with an ONNX recognition
/// model, a batch of decoded images at a time: shared by the audits that take models instead of embeddings.
/// </summary>
internal static class ImageListEmbedding
{
    /// <summary>The raw embeddings of <paramref name="paths"/> (one row each); an unreadable image stops the run naming the file.</summary>
    public static EmbeddingMatrix Embed(FaceEmbedder embedder, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(paths);
        var output = new EmbeddingMatrix(paths.Count, embedder.Dim);
        Embed(embedder, paths, output, strict: true, out _);
        return output;
    }

    /// <summary>
    /// Embeds the images in batches into <paramref name="output"/>. Unreadable images stop the run when
    /// <paramref name="strict"/>, else leave a zero row and are listed in <paramref name="failures"/>.
    /// </summary>
    public static void Embed(FaceEmbedder embedder, IReadOnlyList<string> paths, EmbeddingMatrix output, bool strict, out List<(int Row, string Message)> failures)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        failures = [];
        int batch = Math.Max(1, embedder.BatchSize);
        var images = new List<RgbImage>(batch);
        var rows = new List<int>(batch);
        var buffer = new float[batch * embedder.Dim];
        for (int start = 0; start < paths.Count; start += batch)
        {
            images.Clear();
            rows.Clear();
            for (int i = start; i < Math.Min(paths.Count, start + batch); i++)
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
