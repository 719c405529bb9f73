using System.Numerics.Tensors;
using FaceSynth.Synthesis;

namespace FaceSynth.Audit.Inversion;

/// <summary>
/// Bona fide genuine and impostor scores of a labelled set for plotting (AUDIT.md 2.3 "the attack score distribution
/// next to the genuine and impostor ones"). The thresholds themselves never come from here: they are exact
/// (<see cref="ImpostorThresholds"/>); these are at most <c>maxScores</c> scores per kind for a histogram.
/// </summary>
public static class BonafideScores
{
    /// <summary>Default number of scores kept per kind.</summary>
    public const int DefaultMaxScores = 1_000_000;

    /// <summary>
    /// Every genuine pair (same subject, <c>i &lt; j</c>) and every impostor pair when there are at most
    /// <paramref name="maxScores"/> of that kind, in row order; otherwise <paramref name="maxScores"/> pairs drawn
    /// uniformly with Stream(seed, "inversion/hist/genuine" or "inversion/hist/impostor", k). Rows must be unit length.
    /// </summary>
    public static (float[] Genuine, float[] Impostor) Compute(AuditSet set, int maxScores = DefaultMaxScores, ulong seed = 7)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxScores);
        var (ids, count) = set.SubjectIds();
        var members = new List<int>[count];
        for (int i = 0; i < ids.Length; i++)
        {
            (members[ids[i]] ??= []).Add(i);
        }

        long n = set.Rows, genuinePairs = 0, sumSq = 0;
        foreach (var m in members)
        {
            genuinePairs += (long)m.Count * (m.Count - 1) / 2;
            sumSq += (long)m.Count * m.Count;
        }

        long impostorPairs = ((n * n) - sumSq) / 2;
        float Score(int i, int j) => TensorPrimitives.Dot(set.Embeddings.Row(i), set.Embeddings.Row(j));
        return (Genuine(members, genuinePairs, maxScores, seed, Score), Impostor(ids, impostorPairs, maxScores, seed, Score));
    }

    private static float[] Genuine(List<int>[] members, long pairs, int max, ulong seed, Func<int, int, float> score)
    {
        var result = new float[(int)Math.Min(pairs, max)];
        if (pairs <= max)
        {
            int k = 0;
            foreach (var m in members)
            {
                for (int a = 0; a < m.Count; a++)
                {
                    for (int b = a + 1; b < m.Count; b++)
                    {
                        result[k++] = score(m[a], m[b]);
                    }
                }
            }

            return result;
        }

        // A subject with probability proportional to its pair count, then two distinct members: uniform over pairs.
        var cumulative = new long[members.Length];
        long acc = 0;
        for (int s = 0; s < members.Length; s++)
        {
            acc += (long)members[s].Count * (members[s].Count - 1) / 2;
            cumulative[s] = acc;
        }

        for (int k = 0; k < result.Length; k++)
        {
            var rng = new SynthRandom(seed, "inversion/hist/genuine", (ulong)k);
            long t = (long)(rng.Uniform() * pairs);
            int s = FirstAbove(cumulative, t);
            var m = members[s];
            int a = (int)(rng.Uniform() * m.Count);
            int b = (int)(rng.Uniform() * (m.Count - 1));
            result[k] = score(m[a], m[b >= a ? b + 1 : b]);
        }

        return result;
    }

    /// <summary>The first index whose cumulative count exceeds <paramref name="t"/> (skips subjects without pairs).</summary>
    private static int FirstAbove(long[] cumulative, long t)
    {
        int lo = 0, hi = cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > t)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    private static float[] Impostor(int[] ids, long pairs, int max, ulong seed, Func<int, int, float> score)
    {
        var result = new float[(int)Math.Min(pairs, max)];
        int n = ids.Length;
        if (pairs <= max)
        {
            int k = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    if (ids[i] != ids[j])
                    {
                        result[k++] = score(i, j);
                    }
                }
            }

            return result;
        }

        for (int k = 0; k < result.Length; k++)
        {
            var rng = new SynthRandom(seed, "inversion/hist/impostor", (ulong)k);
            int i, j;
            do
            {
                i = (int)(rng.Uniform() * n);
                j = (int)(rng.Uniform() * n);
            }
            while (ids[i] == ids[j]);
            result[k] = score(i, j);
        }

        return result;
    }
}
