using System.Globalization;
using FaceSynth.Embeddings;
using FaceSynth.Protocols.Search;

namespace FaceSynth.Protocols.Ijb;

/// <summary>IJB-B / IJB-C 1:N identification (EVALUATION.md 4.4), each gallery searched separately, then combined.</summary>
public static class IjbIdentification
{
    /// <summary>The FPIR grid: 10^(-4 + i * delta), delta = (-4 + 0.04) - (-4), i = 0..99, then 1.0.</summary>
    public static IReadOnlyList<double> FpirGrid()
    {
        double delta = (-4 + 0.04) - -4.0;
        var grid = new double[101];
        for (int i = 0; i < 100; i++)
        {
            grid[i] = Math.Pow(10, -4 + (i * delta));
        }

        grid[100] = 1.0;
        return grid;
    }

    /// <summary>
    /// Searches <paramref name="probes"/> in each of <paramref name="galleries"/> (template features from
    /// <paramref name="templates"/>, labels = subject ids). Top-k uses <paramref name="tieRule"/>;
    /// TPIR uses the strict insightface rule.
    /// </summary>
    public static IjbIdentificationResult Evaluate(IjbTemplateSet templates, IReadOnlyList<IjbSubjectList> galleries, IjbSubjectList probes, IReadOnlyList<double>? fpirs = null, RankTieRule tieRule = RankTieRule.Pessimistic, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(galleries);
        ArgumentNullException.ThrowIfNull(probes);
        fpirs ??= FpirGrid();
        options ??= SearchOptions.Default;
        int[] ks = [1, 5, 10];
        if (options.MaxRank < 10)
        {
            options = options with { MaxRank = 10 };
        }

        var probeMatrix = WithLabels(templates.Select(probes.TemplateIds, "probe list"), probes.SubjectIds);
        var perGallery = new List<SearchResult>();
        var correct = new long[ks.Length];
        var tpirSum = new double[fpirs.Count];
        var thresholds = new List<double[]>();
        foreach (var g in galleries)
        {
            var galleryMatrix = WithLabels(templates.Select(g.TemplateIds, "gallery list"), g.SubjectIds);
            var r = IdentificationSearch.Run(probeMatrix, galleryMatrix, options);
            perGallery.Add(r);
            for (int i = 0; i < ks.Length; i++)
            {
                correct[i] += r.CorrectAtRank(ks[i], tieRule);
            }

            var t = r.TpirAtFpir(fpirs);
            var th = new double[t.Count];
            for (int i = 0; i < t.Count; i++)
            {
                tpirSum[i] += t[i].Tpir;
                th[i] = t[i].Threshold;
            }

            thresholds.Add(th);
        }

        var topK = new double[ks.Length];
        for (int i = 0; i < ks.Length; i++)
        {
            topK[i] = (double)correct[i] / probes.TemplateIds.Length;
        }

        var tpir = new double[fpirs.Count];
        for (int i = 0; i < tpir.Length; i++)
        {
            tpir[i] = tpirSum[i] / galleries.Count;
        }

        return new IjbIdentificationResult([.. fpirs], tpir, topK[0], topK[1], topK[2], thresholds, perGallery);
    }

    private static EmbeddingMatrix WithLabels(EmbeddingMatrix m, int[] subjects)
    {
        var labels = new string[subjects.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = subjects[i].ToString(CultureInfo.InvariantCulture);
        }

        m.Labels = labels;
        return m;
    }
}

/// <summary>IJB 1:N result.</summary>
/// <param name="Fpirs">FPIR targets.</param>
/// <param name="Tpir">Mean over galleries of the TPIR at each FPIR.</param>
/// <param name="Top1">Rank-1 accuracy: (correct in every gallery) / number of probes.</param>
/// <param name="Top5">Rank-5 accuracy.</param>
/// <param name="Top10">Rank-10 accuracy.</param>
/// <param name="Thresholds">Per gallery, the score threshold at each FPIR.</param>
/// <param name="PerGallery">Per gallery search outcome (for bob-style open-set rates and CMC).</param>
public sealed record IjbIdentificationResult(double[] Fpirs, double[] Tpir, double Top1, double Top5, double Top10, IReadOnlyList<double[]> Thresholds, IReadOnlyList<SearchResult> PerGallery);
