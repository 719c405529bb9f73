using System.Numerics.Tensors;
using FaceSynth.Metrics;
using FaceSynth.Similarity;
using FaceSynth.Synthesis;

namespace FaceSynth.Audit;

/// <summary>
/// Thresholds at target FMRs from a labelled reference set (AUDIT.md 0.2): impostor scores are streamed through
/// the similarity kernel (or drawn when there are more than MaxPairs), keeping only the k + 1 largest, which
/// gives bob's <c>far_threshold</c> exactly, ties included.
/// </summary>
public static class ImpostorThresholds
{
    /// <summary>Default cap on enumerated impostor pairs.</summary>
    public const long DefaultMaxPairs = 1_000_000_000;

    /// <summary>
    /// Thresholds for each of <paramref name="fmrs"/> on the cross-subject pairs of <paramref name="reference"/>
    /// (rows must be unit length). TMR comes from the within-subject pairs when there are any.
    /// </summary>
    public static IReadOnlyList<FmrThreshold> FromReference(AuditSet reference, IReadOnlyList<double> fmrs, long maxPairs = DefaultMaxPairs, ulong seed = 7, SimilarityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        CheckFmrs(fmrs, reference.Source);
        var (ids, count) = reference.SubjectIds();
        var sizes = new long[count];
        foreach (int id in ids)
        {
            sizes[id]++;
        }

        long n = reference.Rows;
        long sumSq = sizes.Sum(s => s * s);
        long impostors = ((n * n) - sumSq) / 2;
        if (impostors < 2)
        {
            throw new FaceSynthDataException(reference.Source, $"the reference set needs at least two subjects to give impostor scores ({count} subject(s), {n} row(s))");
        }

        long draws = Math.Min(impostors, maxPairs);
        int capacity = (int)Math.Min(int.MaxValue - 1, (long)Math.Floor(fmrs.Max() * draws) + 1);
        var keeper = new TopScoreKeeper(capacity);
        List<float> genuine;
        if (impostors <= maxPairs)
        {
            genuine = Enumerate(reference, ids, keeper, options);
        }
        else
        {
            Sample(reference, ids, draws, seed, keeper, options);
            genuine = GenuineScores(reference, ids, count);
        }

        var kept = keeper.Descending();
        genuine.Sort();
        return fmrs.Select(f => Resolve(f, kept, draws, genuine)).ToArray();
    }

    /// <summary>Thresholds from explicit impostor (and optional genuine) scores, by bob's <c>far_threshold</c>.</summary>
    public static IReadOnlyList<FmrThreshold> FromScores(ReadOnlySpan<double> impostors, ReadOnlySpan<double> genuines, IReadOnlyList<double> fmrs)
    {
        CheckFmrs(fmrs, "impostor scores");
        if (impostors.Length < 2)
        {
            throw new FaceSynthDataException("impostor scores", $"at least two impostor scores are needed, got {impostors.Length}");
        }

        var result = new List<FmrThreshold>();
        foreach (double f in fmrs)
        {
            double tau = BobMeasure.FarThreshold(impostors, genuines, f);
            long acc = 0, gacc = 0;
            foreach (double s in impostors)
            {
                acc += s >= tau ? 1 : 0;
            }

            foreach (double s in genuines)
            {
                gacc += s >= tau ? 1 : 0;
            }

            result.Add(new FmrThreshold(f, tau, (double)acc / impostors.Length, impostors.Length, f * impostors.Length >= 10,
                genuines.Length == 0 ? double.NaN : (double)gacc / genuines.Length, genuines.Length));
        }

        return result;
    }

    /// <summary>τ(f) from the kept scores (descending) of n impostor scores (AUDIT.md 0.2).</summary>
    internal static FmrThreshold Resolve(double f, float[] keptDescending, long n, List<float> genuineAscending)
    {
        long k = (long)Math.Floor(f * n);
        double w = keptDescending[(int)Math.Min(k, keptDescending.Length - 1)];
        int above = 0;
        while (above < keptDescending.Length && keptDescending[above] > w)
        {
            above++;
        }

        double tau = above == 0 ? FmrThreshold.Up(keptDescending[0]) : keptDescending[above - 1];
        float tf = FmrThreshold.CeilToFloat(tau);
        int firstAccepted = genuineAscending.BinarySearch(tf);
        if (firstAccepted < 0)
        {
            firstAccepted = ~firstAccepted;
        }
        else
        {
            while (firstAccepted > 0 && genuineAscending[firstAccepted - 1] >= tf)
            {
                firstAccepted--;
            }
        }

        int g = genuineAscending.Count;
        return new FmrThreshold(f, tau, (double)above / n, n, f * n >= 10, g == 0 ? double.NaN : (double)(g - firstAccepted) / g, g);
    }

    private static void CheckFmrs(IReadOnlyList<double> fmrs, string source)
    {
        ArgumentNullException.ThrowIfNull(fmrs);
        if (fmrs.Count == 0 || fmrs.Any(f => !(f >= 0 && f < 1)))
        {
            throw new FaceSynthDataException(source, $"FMR targets must be in [0, 1), got [{string.Join(", ", fmrs)}]");
        }
    }

    private static List<float> Enumerate(AuditSet reference, int[] ids, TopScoreKeeper keeper, SimilarityOptions? options)
    {
        int cap = keeper.Capacity;
        using var local = new ThreadLocal<(TopScoreKeeper Top, List<float> Genuine)>(() => (new TopScoreKeeper(cap), new List<float>()), trackAllValues: true);
        var m = reference.Embeddings;
        SimilarityKernel.ForEachBlock(m, m, (r0, rc, c0, cc, block) =>
        {
            var (top, gen) = local.Value;
            for (int r = 0; r < rc; r++)
            {
                int i = r0 + r;
                int start = Math.Max(0, i + 1 - c0);
                if (start >= cc)
                {
                    continue;
                }

                var row = block.Slice((r * cc) + start, cc - start);
                int idI = ids[i];
                float floor = top.Floor;
                for (int c = 0; c < row.Length; c++)
                {
                    float s = row[c];
                    if (ids[c0 + start + c] == idI)
                    {
                        gen.Add(s);
                    }
                    else if (s > floor || top.Count < cap)
                    {
                        top.Offer(s);
                        floor = top.Floor;
                    }
                }
            }
        }, options);
        var genuine = new List<float>();
        foreach (var (top, gen) in local.Values)
        {
            top.MergeInto(keeper);
            genuine.AddRange(gen);
        }

        return genuine;
    }

    private static void Sample(AuditSet reference, int[] ids, long draws, ulong seed, TopScoreKeeper keeper, SimilarityOptions? options)
    {
        var m = reference.Embeddings;
        int n = m.Rows, cap = keeper.Capacity;
        const long Chunk = 1 << 16;
        long chunks = (draws + Chunk - 1) / Chunk;
        var gate = new Lock();
        var po = new ParallelOptions { MaxDegreeOfParallelism = options?.Threads > 0 ? options.Threads : Environment.ProcessorCount, CancellationToken = options?.Cancellation ?? default };

        // One keeper per worker, merged at the end: the kept multiset does not depend on how draws were split.
        Parallel.For(0L, chunks, po, () => new TopScoreKeeper(cap), (c, _, top) =>
        {
            long end = Math.Min(draws, (c + 1) * Chunk);
            for (long k = c * Chunk; k < end; k++)
            {
                var rng = new SynthRandom(seed, "audit/impostor", (ulong)k);
                int i, j;
                do
                {
                    i = (int)(rng.Uniform() * n);
                    j = (int)(rng.Uniform() * n);
                }
                while (ids[i] == ids[j]);
                top.Offer(TensorPrimitives.Dot(m.Row(i), m.Row(j)));
            }

            return top;
        }, top =>
        {
            lock (gate)
            {
                top.MergeInto(keeper);
            }
        });
    }

    private static List<float> GenuineScores(AuditSet reference, int[] ids, int count)
    {
        var bySubject = new List<int>[count];
        for (int i = 0; i < ids.Length; i++)
        {
            (bySubject[ids[i]] ??= []).Add(i);
        }

        var m = reference.Embeddings;
        var genuine = new List<float>();
        foreach (var rows in bySubject)
        {
            for (int a = 0; a < rows.Count; a++)
            {
                for (int b = a + 1; b < rows.Count; b++)
                {
                    genuine.Add(TensorPrimitives.Dot(m.Row(rows[a]), m.Row(rows[b])));
                }
            }
        }

        return genuine;
    }
}
