using FaceSynth.Embeddings;
using FaceSynth.Metrics.Fairness;
using FaceSynth.Scores;
using FaceSynth.Similarity;

namespace FaceSynth.Protocols;

/// <summary>
/// A deterministic, fully synthetic face-recognition benchmark in embedding space (no images, no real people):
/// identity centres are random unit vectors, samples are centres plus Gaussian noise whose level depends on the
/// identity's synthetic group, renormalised. Scores are cosine similarities of all sample pairs within the
/// development half and within the evaluation half of the identities.
/// </summary>
public sealed class DemoBenchmark
{
    private DemoBenchmark(DemoBenchmarkOptions options, EmbeddingMatrix embeddings, string[] identityGroups, ScoreSet dev, ScoreSet eval, IReadOnlyList<ScoreRow> evalRows)
    {
        Options = options;
        Embeddings = embeddings;
        IdentityGroups = identityGroups;
        Development = dev;
        Evaluation = eval;
        EvaluationRows = evalRows;
    }

    /// <summary>The options the benchmark was generated with (seed included).</summary>
    public DemoBenchmarkOptions Options { get; }

    /// <summary>All samples, unit-norm rows; <see cref="EmbeddingMatrix.Labels"/> = identity, <see cref="EmbeddingMatrix.Ids"/> = sample name.</summary>
    public EmbeddingMatrix Embeddings { get; }

    /// <summary>Group name of each identity (index = identity number).</summary>
    public IReadOnlyList<string> IdentityGroups { get; }

    /// <summary>Scores of all sample pairs among the development identities.</summary>
    public ScoreSet Development { get; }

    /// <summary>Scores of all sample pairs among the evaluation identities.</summary>
    public ScoreSet Evaluation { get; }

    /// <summary>The evaluation pairs as 4-column rows (reference subject, probe subject, probe sample, score).</summary>
    public IReadOnlyList<ScoreRow> EvaluationRows { get; }

    /// <summary>Name of identity <paramref name="i"/>.</summary>
    public static string IdentityName(int i) => $"synth{i:D5}";

    /// <summary>Identity -&gt; group map of all identities.</summary>
    public GroupMap GroupMap() =>
        new(Enumerable.Range(0, IdentityGroups.Count).Select(i => new KeyValuePair<string, string>(IdentityName(i), IdentityGroups[i])));

    /// <summary>Rows of the evaluation identities' samples.</summary>
    public int[] EvaluationSampleRows() => SampleRows(Options.Identities / 2, Options.Identities);

    /// <summary>Rows of the development identities' samples.</summary>
    public int[] DevelopmentSampleRows() => SampleRows(0, Options.Identities / 2);

    /// <summary>
    /// An open-set 1:N split: gallery = first sample of each evaluation identity; probes = the other samples of the
    /// evaluation identities (mated) and the second sample of each development identity (non-mated).
    /// </summary>
    public (EmbeddingMatrix Probes, EmbeddingMatrix Gallery) SearchSplit()
    {
        int s = Options.SamplesPerIdentity, half = Options.Identities / 2;
        var gallery = new List<int>();
        var probes = new List<int>();
        for (int i = half; i < Options.Identities; i++)
        {
            gallery.Add(i * s);
            for (int k = 1; k < s; k++)
            {
                probes.Add((i * s) + k);
            }
        }

        for (int i = 0; i < half; i++)
        {
            probes.Add((i * s) + 1);
        }

        return (Select(probes), Select(gallery));
    }

    /// <summary>Generates the benchmark.</summary>
    /// <exception cref="ArgumentException">Invalid sizes (fewer than 4 identities or 2 samples, no groups, mismatched noise list).</exception>
    public static DemoBenchmark Generate(DemoBenchmarkOptions? options = null)
    {
        var o = options ?? DemoBenchmarkOptions.Default;
        if (o.Identities < 4 || o.SamplesPerIdentity < 2 || o.Dim < 2 || o.Groups.Count == 0 || o.Groups.Count != o.GroupNoise.Count)
        {
            throw new ArgumentException("demo benchmark needs >= 4 identities, >= 2 samples per identity, dim >= 2 and one noise level per group");
        }

        if ((long)o.Identities * o.SamplesPerIdentity > 20_000 || o.Dim > 4096)
        {
            throw new ArgumentException("demo benchmark is limited to 20000 samples and dim 4096");
        }

        int n = o.Identities * o.SamplesPerIdentity, d = o.Dim;
        var rng = new Random(o.Seed);
        var m = new EmbeddingMatrix(n, d);
        var labels = new string[n];
        var ids = new string[n];
        var groups = new string[o.Identities];
        var centre = new float[d];
        for (int i = 0; i < o.Identities; i++)
        {
            int g = i % o.Groups.Count;
            groups[i] = o.Groups[g];
            FillGaussian(rng, centre, 1.0 / Math.Sqrt(d));
            Normalize(centre);

            // Per-identity jitter of the noise level: some identities are harder than others.
            double sigma = o.GroupNoise[g] * Math.Exp(0.1 * Gaussian(rng));
            for (int k = 0; k < o.SamplesPerIdentity; k++)
            {
                int r = (i * o.SamplesPerIdentity) + k;
                var row = m.Row(r);
                FillGaussian(rng, row, sigma / Math.Sqrt(d));
                for (int j = 0; j < d; j++)
                {
                    row[j] += centre[j];
                }

                Normalize(row);
                labels[r] = IdentityName(i);
                ids[r] = $"{IdentityName(i)}_s{k}";
            }
        }

        m.Labels = labels;
        m.Ids = ids;
        var bench = new DemoBenchmark(o, m, groups, null!, null!, []);
        var (dev, _) = bench.PairScores(bench.DevelopmentSampleRows(), "synthetic demo: development", rows: false);
        var (eval, evalRows) = bench.PairScores(bench.EvaluationSampleRows(), "synthetic demo: evaluation", rows: true);
        return new DemoBenchmark(o, m, groups, dev, eval, evalRows);
    }

    private (ScoreSet Set, List<ScoreRow> Rows) PairScores(int[] rowsOfSet, string source, bool rows)
    {
        var sub = Select(rowsOfSet);
        var sims = SimilarityKernel.DotAll(sub, sub);
        int n = sub.Rows;
        var pos = new List<double>();
        var neg = new List<double>(n * (n - 1) / 2);
        var list = rows ? new List<ScoreRow>(n * (n - 1) / 2) : [];
        for (int a = 0; a < n; a++)
        {
            for (int b = a + 1; b < n; b++)
            {
                double s = sims[(a * n) + b];
                bool same = sub.Labels![a] == sub.Labels[b];
                (same ? pos : neg).Add(s);
                if (rows)
                {
                    list.Add(new ScoreRow(sub.Labels[a], null, sub.Labels[b], sub.Ids![b], s));
                }
            }
        }

        return (new ScoreSet([.. neg], [.. pos], source), list);
    }

    private EmbeddingMatrix Select(IReadOnlyList<int> rowsToKeep)
    {
        var sub = new EmbeddingMatrix(rowsToKeep.Count, Embeddings.Dim);
        var labels = new string[rowsToKeep.Count];
        var ids = new string[rowsToKeep.Count];
        for (int i = 0; i < rowsToKeep.Count; i++)
        {
            Embeddings.Row(rowsToKeep[i]).CopyTo(sub.Row(i));
            labels[i] = Embeddings.Labels![rowsToKeep[i]];
            ids[i] = Embeddings.Ids![rowsToKeep[i]];
        }

        sub.Labels = labels;
        sub.Ids = ids;
        return sub;
    }

    private int[] SampleRows(int firstIdentity, int endIdentity) =>
        [.. Enumerable.Range(firstIdentity * Options.SamplesPerIdentity, (endIdentity - firstIdentity) * Options.SamplesPerIdentity)];

    private static double Gaussian(Random rng)
    {
        // Box-Muller on System.Random(seed), which is deterministic for a given seed across .NET versions.
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static void FillGaussian(Random rng, Span<float> v, double scale)
    {
        for (int j = 0; j < v.Length; j++)
        {
            v[j] = (float)(scale * Gaussian(rng));
        }
    }

    private static void Normalize(Span<float> v)
    {
        float norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
    }
}
