namespace FaceSynth.Metrics;

/// <summary>
/// <c>far_threshold</c> and <c>frr_threshold</c> (EVALUATION 2.2, 2.3) on sorted input.
/// Upstream walks the runs of equal scores one by one; the stop test is monotone in the run's
/// position, so the same answer is found here with binary searches in O(log n).
/// </summary>
internal static class Thresholds
{
    /// <summary>Lowest observed negative score (or a sentinel) whose real FMR does not exceed <paramref name="far"/>.</summary>
    internal static double FarThreshold(ReadOnlySpan<double> sortedNegatives, double far) =>
        FarThreshold(new SpanSide(sortedNegatives), far);

    /// <summary><see cref="FarThreshold(ReadOnlySpan{double}, double)"/> on any ordered side.</summary>
    internal static double FarThreshold<TSide>(TSide s, double far)
        where TSide : IOrderedSide, allows ref struct
    {
        RequireRate(far, nameof(far));
        int n = s.Count;
        if (n < 2)
        {
            throw new ArgumentException("far_threshold needs at least 2 negative scores", "negatives");
        }

        if (far >= 1 - ScoreMath.MachineEpsilon)
        {
            return ScoreMath.Down(s.At(0));
        }

        // Largest number of accepted negatives k with k / n <= far (one division, as upstream).
        int kmax = LargestCount(far, n, n);
        int j0 = n - kmax;
        if (j0 == n)
        {
            return ScoreMath.Up(s.At(n - 1));
        }

        double x = s.At(j0);
        if (s.LowerBound(x) == j0)
        {
            return x;
        }

        // The run of x reaches below j0, so accepting x would exceed far: take the next value up.
        int above = s.UpperBound(x);
        return above == n ? ScoreMath.Up(s.At(n - 1)) : s.At(above);
    }

    /// <summary>
    /// The rank <see cref="FarThreshold{TSide}"/> reads first; every other score it reads is the first or
    /// last score, or one next to the run of that rank's value. -1 for an invalid rate or fewer than 2 scores.
    /// </summary>
    internal static int FarThresholdRank(int n, double far)
    {
        if (!(far >= 0.0 && far <= 1.0) || n < 2)
        {
            return -1;
        }

        if (far >= 1 - ScoreMath.MachineEpsilon)
        {
            return 0;
        }

        int j0 = n - LargestCount(far, n, n);
        return j0 == n ? n - 1 : j0;
    }

    /// <summary>The rank <see cref="FrrThreshold{TSide}"/> reads first (see <see cref="FarThresholdRank"/>).</summary>
    internal static int FrrThresholdRank(int n, double frr)
    {
        if (!(frr >= 0.0 && frr <= 1.0) || n < 2)
        {
            return -1;
        }

        return frr >= 1 - ScoreMath.MachineEpsilon ? n - 1 : LargestCount(frr, n, n - 1);
    }

    /// <summary>
    /// bob's <c>frr_threshold</c> with its tie quirk: a run of ties stops the walk when the index of
    /// its LAST element, divided by n, exceeds <paramref name="frr"/>.
    /// </summary>
    internal static double FrrThreshold(ReadOnlySpan<double> sortedPositives, double frr, BobVersion version) =>
        FrrThreshold(new SpanSide(sortedPositives), frr, version);

    /// <summary><see cref="FrrThreshold(ReadOnlySpan{double}, double, BobVersion)"/> on any ordered side.</summary>
    internal static double FrrThreshold<TSide>(TSide s, double frr, BobVersion version)
        where TSide : IOrderedSide, allows ref struct
    {
        RequireRate(frr, nameof(frr));
        int n = s.Count;
        if (n < 2)
        {
            throw new ArgumentException("frr_threshold needs at least 2 positive scores", "positives");
        }

        if (frr >= 1 - ScoreMath.MachineEpsilon)
        {
            return ScoreMath.Up(s.At(n - 1));
        }

        // Largest last-index k (0..n-1) of a run that still passes the stop test k / n <= frr.
        int kmax = LargestCount(frr, n, n - 1);
        double x = s.At(kmax);
        if (kmax == n - 1 || s.At(kmax + 1) != x)
        {
            return x;
        }

        int first = s.LowerBound(x);
        if (first > 0)
        {
            return s.At(first - 1);
        }

        return version == BobVersion.V3_0_0 ? s.At(0) : ScoreMath.Up(s.At(0));
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
