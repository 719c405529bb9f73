using FaceSynth.Embeddings;
using FaceSynth.Formats;
using FaceSynth.Protocols;
using FaceSynth.Vision.Embedding;
using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Pipeline;

/// <summary>
/// insightface's verification protocol end to end on a <c>.bin</c> (FORMATS.md 4): decode every image,
/// embed it and its mirror image, add the two, L2-normalise, then the 10-fold pairs protocol.
/// </summary>
public static class VerificationBinEvaluation
{
    /// <summary>Evaluates <paramref name="bin"/> with <paramref name="embedder"/> (opened with FlipTest off: both views are embedded here).</summary>
    public static (PairsKFoldResult Result, EmbeddingMatrix Embeddings, double XNorm) Run(VerificationBin bin, FaceEmbedder embedder, IProgress<long>? progress, CancellationToken ct, PairsKFoldOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bin);
        ArgumentNullException.ThrowIfNull(embedder);
        if (embedder.Options.FlipTest)
        {
            throw new ArgumentException("open the embedder with FlipTest = false; the protocol adds the mirror view itself", nameof(embedder));
        }

        int n = bin.Images.Count, dim = embedder.Dim;
        var original = new EmbeddingMatrix(n, dim);
        var flipped = new EmbeddingMatrix(n, dim);
        int batch = Math.Max(1, embedder.BatchSize);
        for (int start = 0; start < n; start += batch)
        {
            ct.ThrowIfCancellationRequested();
            int m = Math.Min(batch, n - start);
            var images = new RgbImage[m];
            Parallel.For(0, m, k =>
            {
                var img = ImageDecoder.Decode(bin.Images[start + k], $"{bin.Source} image {start + k}");
                images[k] = img.Width == embedder.InputWidth ? img : ResizeShorterSide(img, embedder.InputWidth);
            });
            embedder.Embed(images, original.Data.AsSpan(start * dim, m * dim));
            embedder.Embed([.. images.Select(ImageOps.FlipHorizontal)], flipped.Data.AsSpan(start * dim, m * dim));
            progress?.Report(start + m);
        }

        double xnorm = EmbeddingCombine.XNorm(original, flipped);
        var combined = EmbeddingCombine.FlipAdd(original, flipped, normalize: true);
        return (PairsKFold.EvaluateInterleaved(combined, bin.IsSame, normalize: false, options), combined, xnorm);
    }

    private static RgbImage ResizeShorterSide(RgbImage img, int size)
    {
        double s = (double)size / Math.Min(img.Width, img.Height);
        return ImageOps.ResizeBilinear(img, Math.Max(1, (int)Math.Round(img.Width * s)), Math.Max(1, (int)Math.Round(img.Height * s)));
    }
}
