namespace FaceSynth.Metrics.Fairness;

/// <summary>How systems with equal metric values on one benchmark are ranked.</summary>
public enum BordaTieRule
{
    /// <summary>Tied systems share the mean of the ranks they occupy (fractional points; total points preserved).</summary>
    Average,

    /// <summary>Tied systems all get the best of those ranks ("1224" competition ranking).</summary>
    Min,

    /// <summary>Tied systems all get the worst of those ranks ("1334").</summary>
    Max,
}

/// <summary>Settings of the SDFR Borda count (EVALUATION.md 5.4; points and ties unconfirmed upstream).</summary>
public sealed record BordaOptions
{
    /// <summary>Tie rule within a benchmark (default <see cref="BordaTieRule.Average"/>).</summary>
    public BordaTieRule Ties { get; init; } = BordaTieRule.Average;

    /// <summary>Points = N - r + <see cref="PointOffset"/> for rank r of N systems (default 0: N - r).</summary>
    public double PointOffset { get; init; }

    /// <summary>Higher metric is better (default); false for error rates.</summary>
    public bool HigherIsBetter { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static BordaOptions Default { get; } = new();
}

/// <summary>Borda result.</summary>
/// <param name="Systems">System names (input order).</param>
/// <param name="Benchmarks">Benchmark names (input order).</param>
/// <param name="Ranks">Ranks[s][b]: 1-based rank of system s on benchmark b (NaN when its value is missing).</param>
/// <param name="Points">Points[s][b] (0 when missing).</param>
/// <param name="Totals">Total points per system.</param>
/// <param name="Order">System indices, highest total first (equal totals keep input order).</param>
/// <param name="FinalRanks">Competition rank of each system by total (equal totals share a rank).</param>
public sealed record BordaResult(IReadOnlyList<string> Systems, IReadOnlyList<string> Benchmarks, double[][] Ranks, double[][] Points, double[] Totals, int[] Order, int[] FinalRanks);

/// <summary>SDFR (FG 2024) ranking by Borda count over benchmarks.</summary>
public static class BordaRanking
{
    /// <summary>
    /// Ranks the systems on each benchmark (metric[s][b]; NaN = not submitted, 0 points, not ranked), gives
    /// N - r points for rank r of the N systems, sums, and orders by total.
    /// </summary>
    public static BordaResult Rank(IReadOnlyList<string> systems, IReadOnlyList<string> benchmarks, double[][] metric, BordaOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(systems);
        ArgumentNullException.ThrowIfNull(benchmarks);
        ArgumentNullException.ThrowIfNull(metric);
        options ??= BordaOptions.Default;
        int n = systems.Count, m = benchmarks.Count;
        if (metric.Length != n || metric.Any(r => r.Length != m))
        {
            throw new ArgumentException($"metric table must be {n} systems x {m} benchmarks");
        }

        var ranks = new double[n][];
        var points = new double[n][];
        for (int s = 0; s < n; s++)
        {
            ranks[s] = new double[m];
            points[s] = new double[m];
        }

        for (int b = 0; b < m; b++)
        {
            var present = Enumerable.Range(0, n).Where(s => !double.IsNaN(metric[s][b])).ToArray();
            double Key(int s) => options.HigherIsBetter ? -metric[s][b] : metric[s][b];
            var sorted = present.OrderBy(Key).ToArray();
            int i = 0;
            while (i < sorted.Length)
            {
                int j = i;
                while (j + 1 < sorted.Length && Key(sorted[j + 1]) == Key(sorted[i]))
                {
                    j++;
                }

                double rank = options.Ties switch
                {
                    BordaTieRule.Min => i + 1,
                    BordaTieRule.Max => j + 1,
                    _ => ((i + 1) + (j + 1)) / 2.0,
                };
                for (int p = i; p <= j; p++)
                {
                    ranks[sorted[p]][b] = rank;
                    points[sorted[p]][b] = n - rank + options.PointOffset;
                }

                i = j + 1;
            }

            for (int s = 0; s < n; s++)
            {
                if (double.IsNaN(metric[s][b]))
                {
                    ranks[s][b] = double.NaN;
                    points[s][b] = 0;
                }
            }
        }

        var totals = points.Select(p => p.Sum()).ToArray();
        var order = Enumerable.Range(0, n).OrderByDescending(s => totals[s]).ToArray();
        var final = new int[n];
        for (int k = 0; k < n; k++)
        {
            final[order[k]] = k > 0 && totals[order[k]] == totals[order[k - 1]] ? final[order[k - 1]] : k + 1;
        }

        return new BordaResult(systems, benchmarks, ranks, points, totals, order, final);
    }
}
