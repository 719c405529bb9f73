using System.Numerics.Tensors;
using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Protocols.Ijb;

/// <summary>
/// Template features: one L2-normalised row per template id, templates in ascending id order
/// (<see cref="TemplateIds"/>). Build with <see cref="IjbTemplates.Build"/>.
/// </summary>
public sealed class IjbTemplateSet
{
    private readonly Dictionary<int, int> _rowOf;

    internal IjbTemplateSet(int[] templateIds, EmbeddingMatrix features)
    {
        TemplateIds = templateIds;
        Features = features;
        _rowOf = new Dictionary<int, int>(templateIds.Length);
        for (int i = 0; i < templateIds.Length; i++)
        {
            _rowOf[templateIds[i]] = i;
        }
    }

    /// <summary>Template ids, ascending.</summary>
    public int[] TemplateIds { get; }

    /// <summary>Unit-norm template features (a template whose pooled feature is zero stays zero).</summary>
    public EmbeddingMatrix Features { get; }

    /// <summary>Row of template <paramref name="templateId"/>, or -1.</summary>
    public int RowOf(int templateId) => _rowOf.TryGetValue(templateId, out int r) ? r : -1;

    /// <summary>A new set with only the given templates (in the given order), e.g. one 1:N gallery.</summary>
    public EmbeddingMatrix Select(IReadOnlyList<int> templateIds, string source)
    {
        ArgumentNullException.ThrowIfNull(templateIds);
        var m = new EmbeddingMatrix(templateIds.Count, Features.Dim);
        for (int i = 0; i < templateIds.Count; i++)
        {
            int r = RowOf(templateIds[i]);
            if (r < 0)
            {
                throw new FaceSynthDataException(source, $"template {templateIds[i]} has no image in the image list");
            }

            Features.Row(r).CopyTo(m.Row(i));
        }

        return m;
    }
}

/// <summary>IJB-B / IJB-C template pooling and 1:1 pair scoring (EVALUATION.md 4.3).</summary>
public static class IjbTemplates
{
    /// <summary>
    /// Pools image features into templates: optional per-image L2 normalisation (when not
    /// <see cref="IjbTemplateOptions.UseNormScore"/>), optional faceness weighting; then per template the
    /// images are grouped by media id (ascending), a media with several images is replaced by their mean,
    /// the media features are summed and the sum is L2-normalised. Accumulation is in double.
    /// </summary>
    /// <param name="imageFeatures">One row per image (insightface: flip-added, not normalised).</param>
    /// <param name="meta">Template and media id of each image; faceness is required when weighting is on.</param>
    /// <param name="options">Pooling switches.</param>
    public static IjbTemplateSet Build(EmbeddingMatrix imageFeatures, IjbImageMeta meta, IjbTemplateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(imageFeatures);
        ArgumentNullException.ThrowIfNull(meta);
        options ??= IjbTemplateOptions.Default;
        if (imageFeatures.Rows != meta.Count)
        {
            throw new ArgumentException($"{imageFeatures.Rows} image features for {meta.Count} images in the metadata");
        }

        if (options.UseDetectorScore && meta.Faceness is null)
        {
            throw new ArgumentException("faceness weighting needs the landmark/score file (IjbMetaReader.ReadImages)");
        }

        int n = meta.Count, d = imageFeatures.Dim;
        var weight = new float[n];
        for (int i = 0; i < n; i++)
        {
            float w = 1f;
            if (!options.UseNormScore)
            {
                // A zero image feature stays zero instead of becoming NaN.
                float norm = TensorPrimitives.Norm<float>(imageFeatures.Row(i));
                w = norm > 0f ? 1f / norm : 1f;
            }

            if (options.UseDetectorScore)
            {
                w *= meta.Faceness![i];
            }

            weight[i] = w;
        }

        // Images sorted by (template, media, original index): one pass pools everything.
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) =>
        {
            int c = meta.TemplateIds[x].CompareTo(meta.TemplateIds[y]);
            if (c == 0)
            {
                c = meta.MediaIds[x].CompareTo(meta.MediaIds[y]);
            }

            return c != 0 ? c : x.CompareTo(y);
        });

        var ids = new List<int>();
        var rows = new List<float[]>();
        var template = new double[d];
        var media = new double[d];
        int p = 0;
        while (p < n)
        {
            int tid = meta.TemplateIds[order[p]];
            Array.Clear(template);
            while (p < n && meta.TemplateIds[order[p]] == tid)
            {
                int mid = meta.MediaIds[order[p]];
                Array.Clear(media);
                int count = 0;
                while (p < n && meta.TemplateIds[order[p]] == tid && meta.MediaIds[order[p]] == mid)
                {
                    int img = order[p];
                    var row = imageFeatures.Row(img);
                    for (int j = 0; j < d; j++)
                    {
                        media[j] += (double)row[j] * weight[img];
                    }

                    count++;
                    p++;
                }

                for (int j = 0; j < d; j++)
                {
                    template[j] += media[j] / count;
                }
            }

            double norm = Math.Sqrt(TensorPrimitives.SumOfSquares<double>(template));
            var t = new float[d];
            for (int j = 0; j < d; j++)
            {
                t[j] = norm > 0 ? (float)(template[j] / norm) : (float)template[j];
            }

            ids.Add(tid);
            rows.Add(t);
        }

        var features = new EmbeddingMatrix(ids.Count, d);
        for (int i = 0; i < rows.Count; i++)
        {
            rows[i].CopyTo(features.Row(i));
        }

        return new IjbTemplateSet([.. ids], features);
    }

    /// <summary>
    /// Scores each pair as the dot product of its two templates, in pair order (insightface <c>&lt;t&gt;.npy</c>);
    /// <paramref name="progress"/> receives the number of pairs scored so far.
    /// </summary>
    /// <exception cref="FaceSynthDataException">A pair names a template that has no image.</exception>
    public static double[] ScorePairs(IjbTemplateSet templates, IjbTemplatePairs pairs, string source = "template pair list", IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(pairs);
        var scores = new double[pairs.First.Length];
        var f = templates.Features;
        for (int i = 0; i < scores.Length; i++)
        {
            int a = templates.RowOf(pairs.First[i]);
            int b = templates.RowOf(pairs.Second[i]);
            if (a < 0 || b < 0)
            {
                throw new FaceSynthDataException(source, $"pair {i + 1} names template {(a < 0 ? pairs.First[i] : pairs.Second[i])}, which has no image");
            }

            // Pairs are arbitrary lookups, not a block of the matrix; double precision as upstream (float64 templates).
            scores[i] = SimilarityKernel.ExactDot(f, a, f, b);
            if ((i & 0xFFFF) == 0xFFFF)
            {
                progress?.Report(i + 1L);
            }
        }

        progress?.Report(scores.Length);
        return scores;
    }

    /// <summary>The 1:1 report: scikit-learn ROC of the pair scores, its AUC and the TAR@FAR table.</summary>
    public static IjbVerificationResult Evaluate(double[] scores, IjbTemplatePairs pairs, IReadOnlyList<double>? farTargets = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(pairs);
        var roc = SklearnRoc.Compute(pairs.Genuine, scores);
        return new IjbVerificationResult(scores, roc, SklearnRoc.Auc(roc), SklearnRoc.TarAtFarTable(roc, farTargets));
    }
}

/// <summary>IJB 1:1 verification result.</summary>
/// <param name="Scores">Pair scores in pair-file order.</param>
/// <param name="Roc">scikit-learn ROC (drop_intermediate).</param>
/// <param name="Auc">Area under the ROC.</param>
/// <param name="Table">TAR at FAR 1e-6 .. 1e-1 (nearest-FPR rule).</param>
public sealed record IjbVerificationResult(double[] Scores, SklearnRocCurve Roc, double Auc, IReadOnlyList<TarAtFar> Table);
