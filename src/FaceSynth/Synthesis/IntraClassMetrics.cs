using FaceSynth.Embeddings;
using FaceSynth.Metrics;
using FaceSynth.Similarity;

namespace FaceSynth.Synthesis;

/// <summary>Statistics of a cosine distribution (SYNTHESIS.md 5.2).</summary>
/// <param name="Mean">Mean.</param>
/// <param name="Std">Standard deviation.</param>
/// <param name="P05">5th percentile.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="Histogram">2,000-bin histogram.</param>
public sealed record CosineStats(double Mean, double Std, double P05, double P50, double P95, CosineHistogram Histogram)
{
    /// <summary>Statistics of explicit values.</summary>
    public static CosineStats Of(float[] values)
    {
        var h = CosineHistogram.Of(values);
        var sorted = (float[])values.Clone();
        Array.Sort(sorted);
        double Q(double q) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Round(q * (sorted.Length - 1))];
        return new CosineStats(h.Mean, h.Std, Q(0.05), Q(0.5), Q(0.95), h);
    }
}

/// <summary>Genuine / impostor separability of the variations (bob metrics).</summary>
/// <param name="Genuine">Number of genuine pairs.</param>
/// <param name="Impostor">Number of impostor pairs.</param>
/// <param name="ImpostorsSampled">True when impostor pairs were sampled.</param>
/// <param name="Eer">Equal error rate.</param>
/// <param name="FnmrAtFmr1e3">FNMR at FMR 1e-3 (far_threshold).</param>
/// <param name="FnmrAtFmr1e4">FNMR at FMR 1e-4.</param>
/// <param name="DPrime">Decidability d'.</param>
public sealed record Separability(long Genuine, long Impostor, bool ImpostorsSampled, double Eer, double FnmrAtFmr1e3, double FnmrAtFmr1e4, double DPrime);

/// <summary>Intra-class metrics of SYNTHESIS.md 5.2.</summary>
/// <param name="CosToReference">Statistics of cos(v_ia, x_i).</param>
/// <param name="WorstIdentity">Identity with the lowest mean cos to its reference.</param>
/// <param name="WorstIdentityMeanCos">That mean.</param>
/// <param name="CosWithin">Statistics of cos(v_ia, v_ib), a &lt; b.</param>
/// <param name="ConfusionRate">Fraction of variations whose nearest reference is not their own.</param>
/// <param name="Verification">Genuine / impostor separability; null when A &lt; 2.</param>
public sealed record IntraClassMetrics(CosineStats CosToReference, int WorstIdentity, double WorstIdentityMeanCos, CosineStats? CosWithin,
    double ConfusionRate, Separability? Verification)
{
    /// <summary>Impostor pairs beyond which pairs are sampled.</summary>
    public const long MaxImpostorPairs = 10_000_000;

    /// <summary>Computes the metrics of variations <paramref name="v"/> (N x A x d) around <paramref name="x"/>.</summary>
    public static IntraClassMetrics Compute(EmbeddingMatrix x, float[] v, int perIdentity, ulong seed = 0, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(v);
        int n = x.Rows, d = x.Dim, a = perIdentity;
        if (a < 1 || (long)n * a * d != v.Length)
        {
            throw new FaceSynthDataException("variations", $"has {v.Length} values, expected N x A x d = {n} x {a} x {d}");
        }

        var vm = new EmbeddingMatrix(v, n * a, d);
        var toRef = new float[n * a];
        var perMean = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < a; k++)
            {
                toRef[(i * a) + k] = (float)SphereMath.DotDouble(vm.Row((i * a) + k), x.Row(i));
                perMean[i] += toRef[(i * a) + k] / a;
            }
        }

        int worst = 0;
        for (int i = 1; i < n; i++)
        {
            if (perMean[i] < perMean[worst])
            {
                worst = i;
            }
        }

        var options = new SimilarityOptions { Threads = threads };
        var nearest = SimilarityKernel.TopK(vm, x, 1, options);
        int confused = 0;
        for (int r = 0; r < n * a; r++)
        {
            if (nearest.IndicesOf(r)[0] != r / a)
            {
                confused++;
            }
        }

        CosineStats? within = null;
        Separability? sep = null;
        if (a >= 2)
        {
            var genuine = new List<float>(n * a * (a - 1) / 2);
            for (int i = 0; i < n; i++)
            {
                for (int p = 0; p < a; p++)
                {
                    for (int q = p + 1; q < a; q++)
                    {
                        genuine.Add(System.Numerics.Tensors.TensorPrimitives.Dot(vm.Row((i * a) + p), vm.Row((i * a) + q)));
                    }
                }
            }

            within = CosineStats.Of([.. genuine]);
            if (n >= 2)
            {
                sep = Separate(vm, n, a, genuine, seed, options);
            }
        }

        return new IntraClassMetrics(CosineStats.Of(toRef), worst, perMean[worst], within, (double)confused / (n * a), sep);
    }

    private static Separability Separate(EmbeddingMatrix vm, int n, int a, List<float> genuine, ulong seed, SimilarityOptions options)
    {
        long rows = (long)n * a;
        long crossPairs = (rows * (rows - 1) / 2) - ((long)n * a * (a - 1) / 2);
        double[] impostor;
        bool sampled = crossPairs > MaxImpostorPairs;
        if (!sampled)
        {
            var list = new List<double>((int)crossPairs);
            var scores = SimilarityKernel.DotAll(vm, vm, options);
            for (long p = 0; p < rows; p++)
            {
                for (long q = p + 1; q < rows; q++)
                {
                    if (p / a != q / a)
                    {
                        list.Add(scores[(p * rows) + q]);
                    }
                }
            }

            impostor = [.. list];
        }
        else
        {
            impostor = new double[MaxImpostorPairs];
            Parallel.For(0, (int)(MaxImpostorPairs / 1024), blk =>
            {
                for (int t = 0; t < 1024; t++)
                {
                    long k = ((long)blk * 1024) + t;
                    var rng = new SynthRandom(seed, "metrics/impostor", (ulong)k);
                    int i = (int)(rng.Uniform() * n), j;
                    do
                    {
                        j = (int)(rng.Uniform() * n);
                    }
                    while (j == i);
                    int p = (i * a) + (int)(rng.Uniform() * a), q = (j * a) + (int)(rng.Uniform() * a);
                    impostor[k] = System.Numerics.Tensors.TensorPrimitives.Dot(vm.Row(p), vm.Row(q));
                }
            });
        }

        var gen = genuine.Select(g => (double)g).ToArray();
        var eer = BobMeasure.Eer(impostor, gen);
        double Fnmr(double fmr) => BobMeasure.Farfrr(impostor, gen, BobMeasure.FarThreshold(impostor, gen, fmr)).Fnmr;
        double mg = gen.Average(), mi = impostor.Average();
        double vg = gen.Select(g => (g - mg) * (g - mg)).Average(), vi = impostor.Select(s => (s - mi) * (s - mi)).Average();
        double dprime = Math.Abs(mg - mi) / Math.Sqrt((vg + vi) / 2);
        return new Separability(gen.Length, impostor.Length, sampled, eer.Eer, Fnmr(1e-3), Fnmr(1e-4), dprime);
    }
}
