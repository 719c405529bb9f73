namespace FaceSynth.Metrics;

/// <summary>
/// Reductions in numpy's floating-point order, so that means and standard deviations printed by the
/// reference tools (pyeer, insightface, scikit-learn) are reproduced to the last bit.
/// </summary>
internal static class NumpyReduce
{
    private const int BlockSize = 128;

    /// <summary>numpy's pairwise summation of a contiguous float64 array (<c>np.sum</c>).</summary>
    public static double Sum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        if (n <= BlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }

            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        int n2 = n / 2;
        n2 -= n2 % 8;
        return Sum(a[..n2]) + Sum(a[n2..]);
    }

    /// <summary><c>np.mean</c>: pairwise sum divided by the count (NaN when empty).</summary>
    public static double Mean(ReadOnlySpan<double> a) => a.Length == 0 ? double.NaN : Sum(a) / a.Length;

    /// <summary><c>np.std(a, ddof)</c>: square root of the pairwise sum of squared deviations over n - ddof.</summary>
    public static double Std(ReadOnlySpan<double> a, int ddof = 0)
    {
        if (a.Length - ddof <= 0)
        {
            return double.NaN;
        }

        double mean = Mean(a);
        double[] sq = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - mean;
            sq[i] = d * d;
        }

        return Math.Sqrt(Sum(sq) / (a.Length - ddof));
    }
}
