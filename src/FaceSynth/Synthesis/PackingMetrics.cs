using FaceSynth.Embeddings;
using FaceSynth.Similarity;

namespace FaceSynth.Synthesis;

/// <summary>Computes the inter-identity metrics of SYNTHESIS.md 5.1 in one fused pass of the similarity kernel.</summary>
public static class PackingMetrics
{
    /// <summary>Default angle thresholds for <c>prop_pairs_above_angle</c>.</summary>
    public static IReadOnlyList<double> DefaultAngleThresholdsDeg { get; } = [60, 70, 80, 85];

    /// <summary>Default uniqueness thresholds.</summary>
    public static IReadOnlyList<double> DefaultUniquenessCos { get; } = [0.3, 0.4, 0.5];

    /// <summary>Minimum pairwise angle in degrees (exact, recomputed in double for the attaining pair).</summary>
    public static double MinAngleDeg(EmbeddingMatrix x, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        var stats = new RowStatistics(x.Rows);
        stats.Compute(new PairwisePass(threads > 0 ? threads : Environment.ProcessorCount), x, x, true, 0, CancellationToken.None);
        return PackingEvaluation.FromNearest(stats.Max, stats.ArgMax, x.Data, x.Dim).MinAngleDeg;
    }

    /// <summary>All inter-identity metrics of unit rows <paramref name="x"/>.</summary>
    public static InterIdentityMetrics Compute(EmbeddingMatrix x, EmbeddingMatrix? gallery = null, IReadOnlyList<double>? angleThresholdsDeg = null,
        IReadOnlyList<double>? uniquenessCos = null, int threads = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rows < 2)
        {
            throw new FaceSynthDataException("identities", $"has {x.Rows} rows; metrics need at least 2");
        }

        int n = x.Rows;
        var angles = angleThresholdsDeg ?? DefaultAngleThresholdsDeg;
        var uniq = uniquenessCos ?? DefaultUniquenessCos;
        var angleCos = angles.Select(t => (float)Math.Cos(t * Math.PI / 180)).ToArray();
        var nnCos = new float[n];
        var nnIdx = new int[n];
        var earlierMax = new float[n];
        var rowSum = new double[n];
        var rowSumSq = new double[n];
        var rowAbove = new long[n * angles.Count];
        var hist = new CosineHistogram();
        Array.Fill(nnCos, float.NegativeInfinity);
        Array.Fill(nnIdx, -1);
        Array.Fill(earlierMax, float.NegativeInfinity);
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        new PairwisePass(t).Run(x, x, (r0, rc, c0, cc, sims, _) =>
        {
            var local = new long[CosineHistogram.Bins];
            for (int r = 0; r < rc; r++)
            {
                int i = r0 + r;
                var row = sims.Slice(r * cc, cc);
                for (int c = 0; c < cc; c++)
                {
                    int j = c0 + c;
                    if (j == i)
                    {
                        continue;
                    }

                    float s = row[c];
                    if (s > nnCos[i])
                    {
                        nnCos[i] = s;
                        nnIdx[i] = j;
                    }

                    if (j < i)
                    {
                        earlierMax[i] = Math.Max(earlierMax[i], s);
                        continue;
                    }

                    // Pairs i < j: histogram, moments, thresholds.
                    local[CosineHistogram.BinOf(s)]++;
                    rowSum[i] += s;
                    rowSumSq[i] += (double)s * s;
                    for (int a = 0; a < angleCos.Length; a++)
                    {
                        if (s < angleCos[a])
                        {
                            rowAbove[(i * angleCos.Length) + a]++;
                        }
                    }
                }
            }

            lock (hist)
            {
                for (int b = 0; b < local.Length; b++)
                {
                    hist.Counts[b] += local[b];
                }
            }

            return false;
        }, null, ct);

        long pairs = (long)n * (n - 1) / 2;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            sum += rowSum[i];
            sumSq += rowSumSq[i];
        }

        hist.Finish(pairs, sum, sumSq);
        var prop = new Dictionary<double, double>();
        for (int a = 0; a < angles.Count; a++)
        {
            long cnt = 0;
            for (int i = 0; i < n; i++)
            {
                cnt += rowAbove[(i * angles.Count) + a];
            }

            prop[angles[a]] = (double)cnt / pairs;
        }

        var uniqueness = uniq.Select(c => new Uniqueness(c,
            1.0 - ((double)earlierMax.Count(m => m > c) / n),
            (double)nnCos.Count(m => m <= c) / n)).ToList();
        var eval = PackingEvaluation.FromNearest(nnCos, nnIdx, x.Data, x.Dim);
        double? galleryDistance = null;
        if (gallery is not null)
        {
            var top = SimilarityKernel.TopK(x, gallery, 1, new SimilarityOptions { Threads = t, Cancellation = ct });
            double g = 0;
            for (int i = 0; i < n; i++)
            {
                g += 1 - top.ScoresOf(i)[0];
            }

            galleryDistance = g / n;
        }

        return new InterIdentityMetrics
        {
            Count = n,
            Dim = x.Dim,
            NnAngleDeg = AngleStats.Of(nnCos.Select(c => SphereMath.AngleDeg(c))) with { Min = eval.MinAngleDeg },
            MaxCos = Math.Cos(eval.MinAngleDeg * Math.PI / 180),
            MinAngleDeg = eval.MinAngleDeg,
            CosAll = hist,
            PropPairsAboveAngle = prop,
            Uniqueness = uniqueness,
            GalleryDistance = galleryDistance,
        };
    }
}
