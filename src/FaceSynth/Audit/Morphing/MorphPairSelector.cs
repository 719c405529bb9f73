using FaceSynth.Embeddings;
using FaceSynth.Similarity;
using FaceSynth.Synthesis;

namespace FaceSynth.Audit.Morphing;

/// <summary>The pair selection rules of AUDIT.md 4.3 on the source embeddings of the eligible subjects.</summary>
internal static class MorphPairSelector
{
    public static List<MorphPair> Select(AuditSet dataset, MorphOptions options, (string Subject, int Source, int[] Probes)[] sources)
    {
        int d = dataset.Embeddings.Dim;
        var src = new EmbeddingMatrix(sources.Length, d);
        for (int s = 0; s < sources.Length; s++)
        {
            dataset.Embeddings.Row(sources[s].Source).CopyTo(src.Row(s));
        }

        MorphPair Make(int a, int b) => new(sources[a].Subject, sources[b].Subject, sources[a].Source, sources[b].Source,
            SimilarityKernel.ExactDot(src, a, src, b));
        if (options.Selection == MorphSelection.List)
        {
            if (options.SameAttribute is not null)
            {
                throw new ArgumentException("SameAttribute cannot be combined with an explicit pair list", nameof(options));
            }

            return FromList(dataset, options.PairList ?? throw new ArgumentException("MorphSelection.List needs MorphOptions.PairList", nameof(options)), sources, Make);
        }

        var group = AttributeGroups(dataset, options, sources, out long eligiblePairs);
        bool Eligible(int a, int b) => group is null || (group[a] >= 0 && group[a] == group[b]);
        int want = (int)Math.Min(options.Count, eligiblePairs);
        var chosen = new List<MorphPair>();
        if (want <= 0)
        {
            return chosen;
        }

        long total = (long)sources.Length * (sources.Length - 1) / 2;
        switch (options.Selection)
        {
            case MorphSelection.MostSimilar:
                // Greedy over pairs by c12 descending; fetching a longer prefix of the sorted pairs never changes the
                // picks made so far, so the prefix grows only until P pairs are accepted.
                for (long fetch = Math.Min(total, Math.Max(64, 4L * want * options.MaxUsesPerSubject)); ; fetch = Math.Min(total, fetch * 4))
                {
                    chosen.Clear();
                    var uses = new int[sources.Length];
                    foreach (var p in SimilarityKernel.TopPairs(src, src, (int)Math.Min(fetch, int.MaxValue / 2), filter: PairFilter.UpperTriangle))
                    {
                        if (chosen.Count == want)
                        {
                            break;
                        }

                        if (Eligible(p.Query, p.Gallery) && uses[p.Query] < options.MaxUsesPerSubject && uses[p.Gallery] < options.MaxUsesPerSubject && p.Score > -1 + MorphMath.OppositeTolerance)
                        {
                            uses[p.Query]++;
                            uses[p.Gallery]++;
                            chosen.Add(Make(p.Query, p.Gallery));
                        }
                    }

                    if (chosen.Count == want || fetch >= total)
                    {
                        break;
                    }
                }

                break;
            case MorphSelection.Random:
                chosen.AddRange(RandomPairs(sources.Length, want, options.Seed, Eligible).Select(p => Make(p.A, p.B)).Where(p => p.C12 > -1 + MorphMath.OppositeTolerance));
                break;
            case MorphSelection.Band:
                var band = new List<(int A, int B)>();
                for (int a = 0; a < sources.Length; a++)
                {
                    for (int b = a + 1; b < sources.Length; b++)
                    {
                        double c = SimilarityKernel.ExactDot(src, a, src, b);
                        if (Eligible(a, b) && c >= options.BandLow && c <= options.BandHigh && c > -1 + MorphMath.OppositeTolerance)
                        {
                            band.Add((a, b));
                        }
                    }
                }

                var idx = RandomPairs(band.Count, Math.Min(want, band.Count), options.Seed, null, single: true);
                chosen.AddRange(idx.Select(i => Make(band[i.A].A, band[i.A].B)));
                break;
        }

        return chosen;
    }

    /// <summary>
    /// Group id per source (equal non-empty attribute value of its source row; -1 = empty, never paired) and the
    /// number of eligible pairs; null groups (all pairs eligible) without SameAttribute.
    /// </summary>
    private static int[]? AttributeGroups(AuditSet dataset, MorphOptions options, (string Subject, int Source, int[] Probes)[] sources, out long eligiblePairs)
    {
        if (options.SameAttribute is null)
        {
            eligiblePairs = (long)sources.Length * (sources.Length - 1) / 2;
            return null;
        }

        var values = options.Attributes ?? throw new ArgumentException("SameAttribute needs MorphOptions.Attributes (one value per dataset row)", nameof(options));
        if (values.Count != dataset.Rows)
        {
            throw new FaceSynthDataException(dataset.Source, $"{values.Count} values of attribute '{options.SameAttribute}' for {dataset.Rows} rows");
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var group = new int[sources.Length];
        var sizes = new List<long>();
        for (int s = 0; s < sources.Length; s++)
        {
            string v = values[sources[s].Source];
            if (v.Length == 0)
            {
                group[s] = -1;
                continue;
            }

            if (!ids.TryGetValue(v, out int g))
            {
                g = ids.Count;
                ids[v] = g;
                sizes.Add(0);
            }

            group[s] = g;
            sizes[g]++;
        }

        eligiblePairs = sizes.Sum(n => n * (n - 1) / 2);
        if (eligiblePairs == 0)
        {
            throw new FaceSynthDataException(dataset.Source, $"no two eligible subjects share a value of '{options.SameAttribute}' (values of the source rows: {string.Join(", ", ids.Keys.Take(10))})");
        }

        return group;
    }

    private static List<MorphPair> FromList(AuditSet dataset, MorphPairList list, (string Subject, int Source, int[] Probes)[] sources, Func<int, int, MorphPair> make)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int s = 0; s < sources.Length; s++)
        {
            index[sources[s].Subject] = s;
        }

        var known = new HashSet<string>(dataset.Subjects ?? [], StringComparer.Ordinal);
        var seen = new Dictionary<(int, int), int>();
        var pairs = new List<MorphPair>(list.Entries.Count);
        int Lookup(string subject, int line)
        {
            if (index.TryGetValue(subject, out int s))
            {
                return s;
            }

            throw FaceSynthDataException.AtLine(list.Source, line, known.Contains(subject)
                ? $"subject '{subject}' has only one image in {dataset.Source} (a source image and at least one probe are needed)"
                : $"subject '{subject}' is not in {dataset.Source}");
        }

        foreach (var e in list.Entries)
        {
            int a = Lookup(e.SubjectA, e.Line), b = Lookup(e.SubjectB, e.Line);
            if (a == b)
            {
                throw FaceSynthDataException.AtLine(list.Source, e.Line, $"a subject cannot be morphed with itself ('{e.SubjectA}')");
            }

            if (!seen.TryAdd((Math.Min(a, b), Math.Max(a, b)), e.Line))
            {
                throw FaceSynthDataException.AtLine(list.Source, e.Line, $"duplicate pair '{e.SubjectA}', '{e.SubjectB}' (already on line {seen[(Math.Min(a, b), Math.Max(a, b))]}; pairs are unordered)");
            }

            var p = make(a, b);
            if (!(p.C12 > -1 + MorphMath.OppositeTolerance))
            {
                throw FaceSynthDataException.AtLine(list.Source, e.Line, $"the source embeddings of '{e.SubjectA}' and '{e.SubjectB}' are opposite (c12 = {p.C12:R}): no morph direction exists");
            }

            pairs.Add(p);
        }

        return pairs;
    }

    /// <summary>
    /// Draws distinct unordered pairs (a &lt; b) of 0..n-1 from Stream(seed, "morph/pairs", k), one draw per k; with
    /// <paramref name="single"/>, distinct single indices instead (returned in A).
    /// </summary>
    private static List<(int A, int B)> RandomPairs(int n, int want, ulong seed, Func<int, int, bool>? accept, bool single = false)
    {
        var seen = new HashSet<(int, int)>();
        var result = new List<(int, int)>();
        for (ulong k = 0; result.Count < want && k < (ulong)(1000L * Math.Max(1, want)); k++)
        {
            var rng = new SynthRandom(seed, "morph/pairs", k);
            int a = (int)(rng.Uniform() * n);
            int b = single ? 0 : (int)(rng.Uniform() * n);
            if (!single && a == b)
            {
                continue;
            }

            var key = single ? (a, 0) : (Math.Min(a, b), Math.Max(a, b));
            if ((accept is null || accept(key.Item1, key.Item2)) && seen.Add(key))
            {
                result.Add(key);
            }
        }

        return result;
    }
}
