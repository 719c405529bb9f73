using System.Globalization;
using FaceSynth.Metrics;
using FaceSynth.Similarity;

namespace FaceSynth.Audit.Leakage;

/// <summary>
/// Membership-inference audit of a synthetic dataset against the generator's training set (AUDIT.md 1): one fused
/// exact search (top-k, counts at thresholds, global best pairs) of every synthetic row against every real row,
/// streamed in blocks, plus null expectations, a control set and identity-level summaries.
/// </summary>
public static class LeakageAudit
{
    /// <summary>
    /// Runs the audit. Rows of every set are checked (finite, non-zero) and L2-normalised IN PLACE, so that
    /// memory stays at the size of the inputs. <paramref name="reference"/> defaults to <paramref name="real"/>.
    /// </summary>
    public static LeakageResult Run(AuditSet synthetic, AuditSet real, AuditSet? control = null, AuditSet? reference = null, LeakageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(synthetic);
        ArgumentNullException.ThrowIfNull(real);
        options ??= new LeakageOptions();
        if (options.K < 1 || options.TopPairs < 0 || options.MinSamplesForIdentity < 1)
        {
            throw new ArgumentException("K >= 1, TopPairs >= 0 and MinSamplesForIdentity >= 1 are required", nameof(options));
        }

        var warnings = new List<string>();
        Prepare(synthetic, "synthetic", null, warnings);
        Prepare(real, "real", synthetic, warnings);
        if (control is not null)
        {
            Prepare(control, "control", synthetic, warnings);
        }

        if (reference is not null && !ReferenceEquals(reference, real))
        {
            Prepare(reference, "reference", synthetic, warnings);
        }

        var thresholds = options.Thresholds ?? ImpostorThresholds.FromReference(
            reference ?? real, options.Fmrs ?? LeakageOptions.AutoFmrs(real.Rows), options.MaxPairs, options.Seed, options.Similarity);

        // The kernel wants ascending thresholds; keep the caller's order for the report.
        int m = thresholds.Count;
        var order = Enumerable.Range(0, m).OrderBy(t => thresholds[t].TauFloat).ToArray();
        var ascending = order.Select(t => thresholds[t].TauFloat).ToArray();
        var spec = new SimilaritySearchSpec { K = options.K, Thresholds = ascending, TopPairs = options.TopPairs };
        var search = SimilarityKernel.Search(synthetic.Embeddings, real.Embeddings, spec, options.Similarity);
        var nb = search.Neighbours!;
        int ns = synthetic.Rows;
        var best = new float[ns];
        var bestReal = new int[ns];
        for (int i = 0; i < ns; i++)
        {
            best[i] = nb.Scores[i * nb.K];
            bestReal[i] = nb.Indices[i * nb.K];
        }

        float[]? controlBest = null;
        if (control is not null)
        {
            var copt = (options.Similarity ?? SimilarityOptions.Default) with { Progress = options.ControlProgress };
            var cres = SimilarityKernel.Search(synthetic.Embeddings, control.Embeddings, new SimilaritySearchSpec { K = 1 }, copt).Neighbours!;
            controlBest = cres.Scores;
        }

        var rates = new LeakageRate[m];
        for (int t = 0; t < m; t++)
        {
            var th = thresholds[t];
            int slot = Array.IndexOf(order, t);
            long leaked = best.LongCount(s => s >= th.TauFloat);
            long matched = search.TotalAtLeast(slot);
            double f = th.Fmr;
            double nullRate = NullModel.ExpectedRate(f, real.Rows);
            double controlRate = double.NaN;
            ConfidenceInterval? controlCi = null;
            if (controlBest is not null)
            {
                long cl = controlBest.LongCount(s => s >= th.TauFloat);
                controlRate = (double)cl / ns;
                controlCi = ClopperPearson.Interval(cl, ns);
            }

            if (nullRate > 0.01)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"FMR {f:G3}: the null expectation of the leak rate is {nullRate:P1} (f N_r = {f * real.Rows:G3}); choose f with f N_r << 1 for a meaningful leak rate"));
            }

            if (!th.Resolved)
            {
                warnings.Add(string.Create(CultureInfo.InvariantCulture, $"FMR {f:G3}: low resolution threshold (f n = {f * th.ImpostorScores:G3} < 10 impostor scores decide it)"));
            }

            rates[t] = new LeakageRate
            {
                Threshold = th,
                Leaked = leaked,
                LeakRate = (double)leaked / ns,
                LeakRateCi = ClopperPearson.Interval(leaked, ns),
                MatchedPairs = matched,
                ExpectedPairsNull = f * ns * (double)real.Rows,
                ExpectedRateNull = nullRate,
                ControlRate = controlRate,
                ControlRateCi = controlCi,
                FlaggedIdentities = Flagged(synthetic, real, best, bestReal, th.TauFloat, options.MinSamplesForIdentity),
            };
        }

        var pairs = search.TopPairs.Select(p => new LeakagePair(
            p.Query, p.Gallery, SimilarityKernel.ExactDot(synthetic.Embeddings, p.Query, real.Embeddings, p.Gallery),
            synthetic.SubjectOf(p.Query), real.SubjectOf(p.Gallery), synthetic.Paths?[p.Query], real.Paths?[p.Gallery])).ToArray();

        return new LeakageResult
        {
            SyntheticRows = ns,
            RealRows = real.Rows,
            ControlRows = control?.Rows ?? 0,
            Rates = rates,
            TopPairs = pairs,
            BestScores = best,
            BestReal = bestReal,
            NeighbourIndices = nb.Indices,
            NeighbourScores = nb.Scores,
            K = nb.K,
            ControlBestScores = controlBest,
            NnScores = ScoreSummary.Of(best),
            ControlNnScores = controlBest is null ? null : ScoreSummary.Of(controlBest),
            Identities = Identities(synthetic, real, best, bestReal, thresholds),
            RealSubjects = RealSubjects(synthetic, real, best, bestReal, thresholds),
            Warnings = warnings,
        };
    }

    private static void Prepare(AuditSet set, string role, AuditSet? first, List<string> warnings)
    {
        AuditInputs.CheckRows(set.Embeddings, $"{role} ({set.Source})", normalize: true);
        if (first is null)
        {
            if (set.Model is null)
            {
                warnings.Add($"{role} set {set.Source} records no FR model id; make sure every set was embedded with the same model");
            }

            return;
        }

        AuditInputs.SameDim(first.Embeddings, $"synthetic ({first.Source})", set.Embeddings, $"{role} ({set.Source})");
        if (first.Model is not null && set.Model is not null && first.Model != set.Model)
        {
            throw new FaceSynthDataException(set.Source, $"model '{set.Model}' differs from the synthetic set's '{first.Model}': a leakage audit compares sets embedded by one model");
        }
    }

    private static List<string> Flagged(AuditSet syn, AuditSet real, float[] best, int[] bestReal, float tau, int minSamples)
    {
        var counts = new Dictionary<(string Identity, string Real), int>();
        for (int i = 0; i < best.Length; i++)
        {
            if (best[i] >= tau)
            {
                var key = (syn.SubjectOf(i), real.SubjectOf(bestReal[i]));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts.Where(kv => kv.Value >= minSamples).Select(kv => kv.Key.Identity).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static List<LeakageIdentity> Identities(AuditSet syn, AuditSet real, float[] best, int[] bestReal, IReadOnlyList<FmrThreshold> th)
    {
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < best.Length; i++)
        {
            var id = syn.SubjectOf(i);
            if (!groups.TryGetValue(id, out var list))
            {
                groups[id] = list = [];
            }

            list.Add(i);
        }

        var result = new List<LeakageIdentity>(groups.Count);
        foreach (var (id, rows) in groups)
        {
            var modal = rows.GroupBy(i => real.SubjectOf(bestReal[i]), StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
            result.Add(new LeakageIdentity(
                id,
                rows.Count,
                rows.Max(i => (double)best[i]),
                rows.Average(i => (double)best[i]),
                th.Select(t => rows.Count(i => best[i] >= t.TauFloat)).ToArray(),
                modal.Key,
                (double)modal.Count() / rows.Count,
                modal.Average(i => (double)best[i])));
        }

        return result.OrderByDescending(r => r.MaxScore).ThenBy(r => r.Identity, StringComparer.Ordinal).ToList();
    }

    private static List<LeakageRealSubject> RealSubjects(AuditSet syn, AuditSet real, float[] best, int[] bestReal, IReadOnlyList<FmrThreshold> th)
    {
        int m = th.Count;
        var samples = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var identities = new Dictionary<string, HashSet<string>[]>(StringComparer.Ordinal);
        for (int i = 0; i < best.Length; i++)
        {
            for (int t = 0; t < m; t++)
            {
                if (best[i] < th[t].TauFloat)
                {
                    continue;
                }

                var subject = real.SubjectOf(bestReal[i]);
                if (!samples.TryGetValue(subject, out var s))
                {
                    samples[subject] = s = new int[m];
                    identities[subject] = Enumerable.Range(0, m).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
                }

                s[t]++;
                identities[subject][t].Add(syn.SubjectOf(i));
            }
        }

        return samples.Select(kv => new LeakageRealSubject(kv.Key, kv.Value, identities[kv.Key].Select(h => h.Count).ToArray()))
            .OrderByDescending(r => r.Samples.Max()).ThenBy(r => r.Subject, StringComparer.Ordinal).ToList();
    }
}
