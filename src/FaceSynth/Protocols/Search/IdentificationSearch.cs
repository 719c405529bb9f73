using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Protocols.Search;

/// <summary>
/// Generic 1:N search of labelled probes against a labelled gallery with <c>SimilarityKernel.TopK</c>
/// (exact, block-wise; memory O(probes x k)). A probe is mated when its label occurs in the gallery.
/// </summary>
public static class IdentificationSearch
{
    /// <summary>
    /// Searches every probe row of <paramref name="probes"/> in <paramref name="gallery"/> (dot products:
    /// normalise rows for cosine). Both matrices need <see cref="EmbeddingMatrix.Labels"/>.
    /// </summary>
    public static SearchResult Run(EmbeddingMatrix probes, EmbeddingMatrix gallery, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(gallery);
        options ??= SearchOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxRank, nameof(options));
        var probeLabels = probes.Labels ?? throw new ArgumentException("the probe embeddings have no labels", nameof(probes));
        var galleryLabels = gallery.Labels ?? throw new ArgumentException("the gallery embeddings have no labels", nameof(gallery));
        if (gallery.Rows == 0)
        {
            throw new ArgumentException("the gallery is empty", nameof(gallery));
        }

        var perLabel = new Dictionary<string, int>(StringComparer.Ordinal);
        int maxPerLabel = 0;
        foreach (var l in galleryLabels)
        {
            int c = perLabel.TryGetValue(l, out int v) ? v + 1 : 1;
            perLabel[l] = c;
            maxPerLabel = Math.Max(maxPerLabel, c);
        }

        // With maxRank + (largest number of rows of one label) neighbours, any rank below maxRank is exact
        // even when ties run past the end of the list (a full list of ties holds >= maxRank non-mated rows).
        int k = (int)Math.Min(gallery.Rows, (long)options.MaxRank + maxPerLabel);
        var top = SimilarityKernel.TopK(probes, gallery, k, options.Similarity);

        int n = probes.Rows;
        var mated = new bool[n];
        var pess = new int[n];
        var opt = new int[n];
        var matedScore = new double[n];
        var topScore = new double[n];
        for (int q = 0; q < n; q++)
        {
            var idx = top.IndicesOf(q);
            var sc = top.ScoresOf(q);
            string label = probeLabels[q];
            topScore[q] = sc[0];
            mated[q] = perLabel.ContainsKey(label);
            pess[q] = SearchResult.Beyond;
            opt[q] = SearchResult.Beyond;
            matedScore[q] = double.NaN;
            if (!mated[q])
            {
                continue;
            }

            int p = -1;
            for (int i = 0; i < k && idx[i] >= 0; i++)
            {
                if (galleryLabels[idx[i]] == label)
                {
                    p = i;
                    break;
                }
            }

            if (p < 0)
            {
                continue;
            }

            float pos = sc[p];
            matedScore[q] = pos;
            int ge = 0, gt = 0;
            for (int i = 0; i < k && idx[i] >= 0; i++)
            {
                if (galleryLabels[idx[i]] != label)
                {
                    ge += sc[i] >= pos ? 1 : 0;
                    gt += sc[i] > pos ? 1 : 0;
                }
            }

            pess[q] = ge < options.MaxRank ? ge : SearchResult.Beyond;
            opt[q] = gt < options.MaxRank ? gt : SearchResult.Beyond;
        }

        return new SearchResult(options.MaxRank, mated, pess, opt, matedScore, topScore);
    }
}
