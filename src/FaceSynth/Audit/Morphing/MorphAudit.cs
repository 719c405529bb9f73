using FaceSynth.Embeddings;
using FaceSynth.Synthesis;

namespace FaceSynth.Audit.Morphing;

/// <summary>
/// Morphing vulnerability (AUDIT.md 4): selects subject pairs, forms morph templates (the optimal
/// <c>normalise(e1 + e2)</c>, or attack embeddings of rendered morphs) and scores them against every probe of
/// both subjects at thresholds set on the target system's impostor scores.
/// </summary>
public static class MorphAudit
{
    /// <summary>Selects pairs and evaluates the analytic (embedding-level) morphs. Rows are normalised in place.</summary>
    public static MorphResult Run(AuditSet dataset, MorphOptions? options = null)
    {
        options ??= new MorphOptions();
        var pairs = SelectPairs(dataset, options);
        return Evaluate(dataset, pairs, null, options);
    }

    /// <summary>Source row per eligible subject (at least two rows), in dense subject order.</summary>
    public static (string Subject, int Source, int[] Probes)[] Sources(AuditSet dataset, MorphOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        var (ids, count) = dataset.SubjectIds();
        var rows = new List<int>[count];
        for (int i = 0; i < ids.Length; i++)
        {
            (rows[ids[i]] ??= []).Add(i);
        }

        var result = new List<(string, int, int[])>();
        for (int s = 0; s < count; s++)
        {
            if (rows[s].Count < 2)
            {
                continue;
            }

            int pick = options.Source == SourcePolicy.First ? 0 : (int)(new SynthRandom(options.Seed, "morph/source", (ulong)s).Uniform() * rows[s].Count);
            int source = rows[s][pick];
            result.Add((dataset.SubjectOf(source), source, rows[s].Where(r => r != source).ToArray()));
        }

        return result.ToArray();
    }

    /// <summary>
    /// Chooses up to <see cref="MorphOptions.Count"/> pairs (AUDIT.md 4.3), or every pair of the list for
    /// <see cref="MorphSelection.List"/>; <see cref="MorphOptions.SameAttribute"/> restricts the other rules to
    /// pairs with equal attribute values.
    /// </summary>
    public static IReadOnlyList<MorphPair> SelectPairs(AuditSet dataset, MorphOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        AuditInputs.CheckRows(dataset.Embeddings, dataset.Source, normalize: true);
        var sources = Sources(dataset, options);
        if (sources.Length < 2)
        {
            throw new FaceSynthDataException(dataset.Source, $"morphing needs at least two subjects with two or more images each (found {sources.Length})");
        }

        var chosen = MorphPairSelector.Select(dataset, options, sources);
        if (chosen.Count == 0)
        {
            throw new FaceSynthDataException(dataset.Source, "no morph pair satisfies the selection");
        }

        return chosen;
    }

    /// <summary>
    /// Scores morph templates against the probes of both subjects. <paramref name="morphTemplates"/> holds T(I_m),
    /// one row per pair (a non-finite or zero row = the attack image failed: never accepted); null = analytic e_m.
    /// </summary>
    public static MorphResult Evaluate(AuditSet dataset, IReadOnlyList<MorphPair> pairs, EmbeddingMatrix? morphTemplates, MorphOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(options);
        AuditInputs.CheckRows(dataset.Embeddings, dataset.Source, normalize: true);
        if (morphTemplates is not null && (morphTemplates.Rows != pairs.Count || morphTemplates.Dim != dataset.Embeddings.Dim))
        {
            throw new FaceSynthDataException("morph embeddings", $"{morphTemplates.Rows} x {morphTemplates.Dim} rows for {pairs.Count} pairs of dimension {dataset.Embeddings.Dim}");
        }

        var warnings = new List<string>();
        var thresholds = options.Thresholds ?? ImpostorThresholds.FromReference(dataset, options.Fmrs, options.MaxPairs, options.Seed);
        var probes = Sources(dataset, options).ToDictionary(s => s.Subject, s => s.Probes, StringComparer.Ordinal);
        int d = dataset.Embeddings.Dim, m = thresholds.Count;
        var em = new float[d];
        var outcomes = new List<MorphOutcome>(pairs.Count);
        int failed = 0;
        for (int p = 0; p < pairs.Count; p++)
        {
            var pair = pairs[p];
            bool ok = true;
            if (morphTemplates is null)
            {
                MorphMath.Morph(dataset.Embeddings.Row(pair.RowA), dataset.Embeddings.Row(pair.RowB), em, options.Beta);
            }
            else
            {
                morphTemplates.Row(p).CopyTo(em);
                float norm = System.Numerics.Tensors.TensorPrimitives.Norm(em);
                ok = float.IsFinite(norm) && norm > 0;
                if (ok)
                {
                    System.Numerics.Tensors.TensorPrimitives.Multiply(em, 1 / norm, em);
                }
                else
                {
                    failed++;
                }
            }

            var (maxA, accA, na) = Score(dataset, em, probes[pair.SubjectA], thresholds, options.StrictComparison, ok);
            var (maxB, accB, nb) = Score(dataset, em, probes[pair.SubjectB], thresholds, options.StrictComparison, ok);
            outcomes.Add(new MorphOutcome(pair, MorphMath.IdealScore(pair.C12), maxA, maxB, na, nb, accA, accB));
        }

        if (failed > 0)
        {
            warnings.Add($"{failed} morph attack(s) gave no embedding (failed detection) and count as unsuccessful");
        }

        var rates = new List<MorphRate>(m);
        for (int t = 0; t < m; t++)
        {
            double minMax = 0, prodAvg = 0, ideal = 0;
            foreach (var o in outcomes)
            {
                minMax += o.AcceptedA[t] > 0 && o.AcceptedB[t] > 0 ? 1 : 0;
                prodAvg += (double)o.AcceptedA[t] / o.ProbesA * o.AcceptedB[t] / o.ProbesB;
                ideal += MorphMath.IdealAccepted(o.Pair.C12, thresholds[t].Tau, options.StrictComparison) ? 1 : 0;
            }

            int count = outcomes.Count;
            double tmr = thresholds[t].Tmr;
            rates.Add(new MorphRate(thresholds[t], minMax / count, prodAvg / count, 1 + (minMax / count) - tmr, 1 + (prodAvg / count) - tmr, ideal / count));
        }

        return new MorphResult(outcomes, rates, warnings);
    }

    private static (double Max, int[] Accepted, int Count) Score(AuditSet dataset, float[] em, int[] probes, IReadOnlyList<FmrThreshold> th, bool strict, bool ok)
    {
        var acc = new int[th.Count];
        double max = double.NegativeInfinity;
        if (!ok)
        {
            return (max, acc, probes.Length);
        }

        foreach (int r in probes)
        {
            // Kernel-precision float score, compared as the thresholds were computed.
            float s = System.Numerics.Tensors.TensorPrimitives.Dot(em, dataset.Embeddings.Row(r));
            max = Math.Max(max, s);
            for (int t = 0; t < th.Count; t++)
            {
                acc[t] += (strict ? s > th[t].Tau : s >= th[t].TauFloat) ? 1 : 0;
            }
        }

        return (max, acc, probes.Length);
    }
}
