using FaceSynth.Scores;

namespace FaceSynth.Metrics.Pyeer;

/// <summary>One line of a pyeer CMC score file: a query compared with a template.</summary>
/// <param name="Query">Query name.</param>
/// <param name="Template">Template name.</param>
/// <param name="Score">Comparison score.</param>
public readonly record struct PyeerComparison(string Query, string Template, double Score);

/// <summary>pyeer's cumulative match characteristic (EVALUATION.md 3.5).</summary>
public static class PyeerCmc
{
    /// <summary>
    /// CMC rates for ranks 1..<paramref name="maxRank"/>. Queries are those of <paramref name="truth"/>
    /// (first appearance order); each query's candidates are sorted by score, best first, with a stable
    /// sort (equal scores keep input order). Rate(r) = Rate(r - 1) + fraction of queries whose r-th
    /// candidate is one of their true templates; once a rate reaches 1 the later ones are 1.
    /// </summary>
    /// <exception cref="FaceSynthDataException">A comparison names a query missing from the truth, or a query has no comparisons.</exception>
    public static double[] Compute(IEnumerable<PyeerComparison> comparisons, IEnumerable<(string Query, string TrueTemplate)> truth, int maxRank, PyeerScoreType scoreType = PyeerScoreType.Similarity)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRank);

        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var trueSets = new List<HashSet<string>>();
        foreach (var (query, template) in truth)
        {
            if (!order.TryGetValue(query, out int qi))
            {
                qi = order.Count;
                order.Add(query, qi);
                trueSets.Add(new HashSet<string>(StringComparer.Ordinal));
            }

            trueSets[qi].Add(template.Trim());
        }

        if (order.Count == 0)
        {
            throw new FaceSynthDataException("CMC ground truth", "no query has a true template");
        }

        var candidates = new List<(string Template, double Score)>[order.Count];
        foreach (var c in comparisons)
        {
            if (!order.TryGetValue(c.Query, out int qi))
            {
                throw new FaceSynthDataException("CMC scores", $"query '{c.Query}' has no line in the ground-truth file");
            }

            (candidates[qi] ??= []).Add((c.Template, c.Score));
        }

        var hits = new long[maxRank];
        foreach (var (query, qi) in order)
        {
            var list = candidates[qi] ?? throw new FaceSynthDataException("CMC scores", $"query '{query}' of the ground truth has no comparison");
            var sorted = SortStable(list, scoreType);
            int limit = Math.Min(maxRank, sorted.Length);
            for (int r = 0; r < limit; r++)
            {
                if (trueSets[qi].Contains(sorted[r].Template))
                {
                    hits[r]++;
                }
            }
        }

        var rates = new double[maxRank];
        double prev = 0.0;
        double total = order.Count;
        for (int r = 0; r < maxRank; r++)
        {
            rates[r] = prev >= 1.0 ? 1.0 : (hits[r] / total) + prev;
            prev = rates[r];
        }

        return rates;
    }

    /// <summary>
    /// CMC of queries read with <see cref="PyeerFiles.ReadCmc"/> (truth-file order; every listed true
    /// template counts, EVALUATION.md 3.5).
    /// </summary>
    public static double[] Compute(IReadOnlyList<PyeerCmcQuery> queries, int maxRank, PyeerScoreType scoreType = PyeerScoreType.Similarity)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var comparisons = queries.SelectMany(q => q.Matches.Select(m => new PyeerComparison(q.Query, m.Template, m.Score)));
        var truth = queries.SelectMany(q => q.TrueTemplates.Select(t => (q.Query, t)));
        return Compute(comparisons, truth, maxRank, scoreType);
    }

    private static (string Template, double Score)[] SortStable(List<(string Template, double Score)> list, PyeerScoreType scoreType)
    {
        // LINQ's OrderBy is a stable sort, as Python's sorted(reverse=True) is.
        IComparer<double> comparer = scoreType == PyeerScoreType.Similarity ? DescendingComparer.Instance : Comparer<double>.Default;
        return [.. list.OrderBy(c => c.Score, comparer)];
    }

    private sealed class DescendingComparer : IComparer<double>
    {
        public static readonly DescendingComparer Instance = new();

        public int Compare(double x, double y) => y.CompareTo(x);
    }
}
