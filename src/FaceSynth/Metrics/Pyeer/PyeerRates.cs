namespace FaceSynth.Metrics.Pyeer;

/// <summary>
/// pyeer 0.5.6 threshold sweep (EVALUATION.md 3.1): sorts each side once and counts by merging,
/// O((n + m) log(n + m)) instead of one pass over the scores per threshold.
/// </summary>
public static class PyeerRates
{
    /// <summary>Largest number of histogram thresholds accepted (guards against absurd counts in a file).</summary>
    public const long MaxHistogramThresholds = 100_000_000;

    /// <summary>
    /// Normal mode: thresholds are the distinct values of all scores. FNMR(t) = #{gen &lt; t}/|gen|,
    /// FMR(t) = #{imp &gt;= t}/|imp| (dissimilarity: the same on negated scores, thresholds negated back).
    /// NaN scores are removed first.
    /// </summary>
    public static PyeerCurve Compute(ReadOnlySpan<double> genuine, ReadOnlySpan<double> impostor, PyeerScoreType scoreType = PyeerScoreType.Similarity)
    {
        bool negate = scoreType == PyeerScoreType.Dissimilarity;
        double[] gen = SortedFinite(genuine, negate, "genuine");
        double[] imp = SortedFinite(impostor, negate, "impostor");

        var thresholds = new List<double>(gen.Length + imp.Length);
        var fm = new List<double>(gen.Length + imp.Length);
        var fnm = new List<double>(gen.Length + imp.Length);
        int gi = 0, ii = 0;
        while (gi < gen.Length || ii < imp.Length)
        {
            double t = gi < gen.Length && (ii >= imp.Length || gen[gi] <= imp[ii]) ? gen[gi] : imp[ii];

            // gi / ii are the number of scores strictly below t on each side.
            thresholds.Add(negate ? -t : t);
            fnm.Add(gi);
            fm.Add(imp.Length - ii);
            while (gi < gen.Length && gen[gi] == t)
            {
                gi++;
            }

            while (ii < imp.Length && imp[ii] == t)
            {
                ii++;
            }
        }

        return new PyeerCurve([.. thresholds], [.. fm], [.. fnm], imp.Length, gen.Length, false, scoreType);
    }

    /// <summary>
    /// Histogram mode (pyeer <c>-ht</c>): <paramref name="impostorHistogram"/>[k] = number of impostor
    /// scores equal to the integer k. Thresholds t = 0..T with T = max(max(gen), |gen|, max(hist), len(hist)).
    /// Similarity: FM(t) = #{imp &gt;= t}, FNM(t) = #{gen &lt; t}. Dissimilarity (FaceSynth's consistent rule,
    /// not pyeer's mixed one): accept iff s &lt;= t, thresholds descending.
    /// </summary>
    public static PyeerCurve ComputeHistogram(ReadOnlySpan<double> genuine, ReadOnlySpan<double> impostorHistogram, PyeerScoreType scoreType = PyeerScoreType.Similarity)
    {
        double[] gen = SortedFinite(genuine, false, "genuine");
        if (impostorHistogram.Length == 0)
        {
            throw new ArgumentException("the impostor histogram is empty", nameof(impostorHistogram));
        }

        double maxHist = double.NegativeInfinity;
        var cum = new double[impostorHistogram.Length];
        double total = 0;
        for (int k = 0; k < impostorHistogram.Length; k++)
        {
            double h = impostorHistogram[k];
            if (!double.IsFinite(h) || h < 0)
            {
                throw new ArgumentException($"histogram entry {k} is {h}; counts must be finite and non-negative", nameof(impostorHistogram));
            }

            maxHist = Math.Max(maxHist, h);
            total += h;
            cum[k] = total;
        }

        if (total <= 0)
        {
            throw new ArgumentException("the impostor histogram holds no scores (all counts are 0)", nameof(impostorHistogram));
        }

        double top = Math.Max(Math.Max(gen[^1], gen.Length), Math.Max(maxHist, impostorHistogram.Length));
        if (top + 1 > MaxHistogramThresholds)
        {
            throw new ArgumentException($"histogram mode would need {top + 1:0} thresholds (largest value {top}); at most {MaxHistogramThresholds} are supported", nameof(impostorHistogram));
        }

        int count = (int)Math.Floor(top) + 1;
        var thresholds = new double[count];
        var fm = new double[count];
        var fnm = new double[count];
        bool dis = scoreType == PyeerScoreType.Dissimilarity;
        int len = impostorHistogram.Length;
        int below = 0;
        int atOrBelow = 0;
        for (int t = 0; t < count; t++)
        {
            while (below < gen.Length && gen[below] < t)
            {
                below++;
            }

            while (atOrBelow < gen.Length && gen[atOrBelow] <= t)
            {
                atOrBelow++;
            }

            // Dissimilarity entries are written in reverse so that FMR falls along the arrays.
            int k = dis ? count - 1 - t : t;
            thresholds[k] = t;
            if (dis)
            {
                fm[k] = t < len ? cum[t] : total;
                fnm[k] = gen.Length - atOrBelow;
            }
            else
            {
                fm[k] = t == 0 ? total : (t < len ? total - cum[t - 1] : 0.0);
                fnm[k] = below;
            }
        }

        return new PyeerCurve(thresholds, fm, fnm, total, gen.Length, true, scoreType);
    }

    private static double[] SortedFinite(ReadOnlySpan<double> values, bool negate, string side)
    {
        int n = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                n++;
            }
        }

        if (n == 0)
        {
            throw new ArgumentException($"no {side} scores (after removing NaN)");
        }

        var result = new double[n];
        int i = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                result[i++] = negate ? -v : v;
            }
        }

        Array.Sort(result);
        return result;
    }
}
