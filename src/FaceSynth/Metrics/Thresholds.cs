namespace FaceSynth.Metrics;

/// <summary>
/// <c>far_threshold</c> and <c>frr_threshold</c> (EVALUATION 2.2, 2.3) on sorted input.
/// Upstream walks the runs of equal scores one by one; the stop test is monotone in the run's
/// position, so the same answer is found here with binary searches in O(log n).
/// </summary>
internal static class Thresholds
{
    /// <summary>Lowest observed negative score (or a sentinel) whose real FMR does not exceed <paramref name="far"/>.</summary>
    internal static double FarThreshold(ReadOnlySpan<double> sortedNegatives, double far)
    {
        RequireRate(far, nameof(far));
        int n = sortedNegatives.Length;
        if (n < 2)
        {
            throw new ArgumentException("far_threshold needs at least 2 negative scores", "negatives");
        }

        var s = sortedNegatives;
        if (far >= 1 - ScoreMath.MachineEpsilon)
        {
            return ScoreMath.Down(s[0]);
        }

        // Largest number of accepted negatives k with k / n <= far (one division, as upstream).
        int kmax = LargestCount(far, n, n);
        int j0 = n - kmax;
        if (j0 == n)
        {
            return ScoreMath.Up(s[n - 1]);
        }

        double x = s[j0];
        if (ScoreMath.LowerBound(s, x) == j0)
        {
            return x;
        }

        // The run of x reaches below j0, so accepting x would exceed far: take the next value up.
        int above = ScoreMath.UpperBound(s, x);
        return above == n ? ScoreMath.Up(s[n - 1]) : s[above];
    }

    /// <summary>
    /// bob's <c>frr_threshold</c> with its tie quirk: a run of ties stops the walk when the index of
    /// its LAST element, divided by n, exceeds <paramref name="frr"/>.
    /// </summary>
    internal static double FrrThreshold(ReadOnlySpan<double> sortedPositives, double frr, BobVersion version)
    {
        RequireRate(frr, nameof(frr));
        int n = sortedPositives.Length;
        if (n < 2)
        {
            throw new ArgumentException("frr_threshold needs at least 2 positive scores", "positives");
        }

        var s = sortedPositives;
        if (frr >= 1 - ScoreMath.MachineEpsilon)
        {
            return ScoreMath.Up(s[n - 1]);
        }

        // Largest last-index k (0..n-1) of a run that still passes the stop test k / n <= frr.
        int kmax = LargestCount(frr, n, n - 1);
        double x = s[kmax];
        if (kmax == n - 1 || s[kmax + 1] != x)
        {
            return x;
        }

        int first = ScoreMath.LowerBound(s, x);
        if (first > 0)
        {
            return s[first - 1];
        }

        return version == BobVersion.V3_0_0 ? s[0] : ScoreMath.Up(s[0]);
    }

    /// <summary>Largest k in [0, max] with <c>(double)k / n &lt;= rate</c>.</summary>
    private static int LargestCount(double rate, int n, int max)
    {
        long k = (long)Math.Floor(rate * n);
        k = Math.Clamp(k, 0, max);
        while (k < max && ScoreMath.Rate(k + 1, n) <= rate)
        {
            k++;
        }

        while (k > 0 && ScoreMath.Rate(k, n) > rate)
        {
            k--;
        }

        return (int)k;
    }

    private static void RequireRate(double value, string name)
    {
        if (!(value >= 0.0 && value <= 1.0))
        {
            throw new ArgumentOutOfRangeException(name, value, $"`{name}' must be in the interval [0, 1]");
        }
    }
}
