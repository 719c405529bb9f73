using FaceSynth.Synthesis;

namespace FaceSynth.Audit.Translation;

/// <summary>Subject-disjoint train / validation / test split (AUDIT.md 3.2).</summary>
public static class SubjectSplit
{
    /// <summary>
    /// Distinct subjects sorted ordinally, shuffled by Fisher-Yates with <c>Stream(seed, "adapter/split")</c>;
    /// the first round(train n) subjects train, the next round(val n) validate (at least one each when n &gt;= 3),
    /// the rest test. Rows keep their original order inside each split.
    /// </summary>
    public static (int[] Train, int[] Validation, int[] Test) Split(IReadOnlyList<string> subjects, ulong seed, double trainFraction, double validationFraction)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        if (trainFraction <= 0 || validationFraction < 0 || trainFraction + validationFraction > 1)
        {
            throw new ArgumentException("fractions must satisfy 0 < train, 0 <= validation, train + validation <= 1");
        }

        var distinct = subjects.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var rng = new SynthRandom(seed, "adapter/split");
        for (int i = distinct.Length - 1; i > 0; i--)
        {
            int j = (int)(rng.Uniform() * (i + 1));
            (distinct[i], distinct[j]) = (distinct[j], distinct[i]);
        }

        int n = distinct.Length;
        int nTrain = (int)Math.Round(trainFraction * n);
        int nVal = (int)Math.Round(validationFraction * n);
        if (n >= 3)
        {
            nVal = Math.Max(1, nVal);
            nTrain = Math.Clamp(nTrain, 1, n - nVal - (trainFraction + validationFraction < 1 ? 1 : 0));
        }

        var part = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            part[distinct[i]] = i < nTrain ? 0 : i < nTrain + nVal ? 1 : 2;
        }

        var lists = new[] { new List<int>(), new List<int>(), new List<int>() };
        for (int r = 0; r < subjects.Count; r++)
        {
            lists[part[subjects[r]]].Add(r);
        }

        return (lists[0].ToArray(), lists[1].ToArray(), lists[2].ToArray());
    }
}
