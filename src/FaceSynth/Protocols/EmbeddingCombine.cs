using System.Numerics.Tensors;
using FaceSynth.Embeddings;

namespace FaceSynth.Protocols;

/// <summary>Combination of the embeddings of an image and of its horizontal flip (insightface "flip-add").</summary>
public static class EmbeddingCombine
{
    /// <summary>
    /// e = e_orig + e_flip row by row; with <paramref name="normalize"/> each row is scaled to unit L2 norm
    /// (zero rows unchanged). IJB templates use the raw sum (<paramref name="normalize"/> = false) so that the
    /// norm acts as a quality weight. Labels and ids are taken from <paramref name="original"/>.
    /// </summary>
    public static EmbeddingMatrix FlipAdd(EmbeddingMatrix original, EmbeddingMatrix flipped, bool normalize = true)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(flipped);
        if (original.Rows != flipped.Rows || original.Dim != flipped.Dim)
        {
            throw new ArgumentException($"original is {original.Rows} x {original.Dim}, flipped is {flipped.Rows} x {flipped.Dim}");
        }

        var result = new EmbeddingMatrix(original.Rows, original.Dim)
        {
            Labels = (string[]?)original.Labels?.Clone(),
            Ids = (string[]?)original.Ids?.Clone(),
        };
        TensorPrimitives.Add(original.Data, flipped.Data, result.Data);
        if (normalize)
        {
            result.NormalizeRows();
        }

        return result;
    }

    /// <summary>insightface's XNorm: the mean L2 norm of all raw rows of both matrices.</summary>
    public static double XNorm(EmbeddingMatrix original, EmbeddingMatrix flipped)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(flipped);
        double sum = 0;
        for (int i = 0; i < original.Rows; i++)
        {
            sum += TensorPrimitives.Norm<float>(original.Row(i));
        }

        for (int i = 0; i < flipped.Rows; i++)
        {
            sum += TensorPrimitives.Norm<float>(flipped.Row(i));
        }

        int n = original.Rows + flipped.Rows;
        return n == 0 ? double.NaN : sum / n;
    }
}
