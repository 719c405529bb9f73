namespace FaceSynth.Metrics;

/// <summary>Area under the ROC curve: bob's trapezoid approximation (EVALUATION 2.8) and the exact Mann-Whitney AUC.</summary>
internal static class Auc
{
    /// <summary>bob's <c>roc_auc_score</c>: <c>-trapz(1 - FNMR, FMR)</c> on a <paramref name="points"/>-point ROC.</summary>
    internal static double RocAucScore(IScoreOrder s, bool logScale, int points, int minPower)
    {
        var roc = Curves.RocV6(s, points, minPower);
        var x = roc.Fmr;
        var y = new double[roc.Fnmr.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = 1 - roc.Fnmr[i];
        }

        if (logScale)
        {
            int kept = 0;
            var lx = new double[x.Length];
            var ly = new double[x.Length];
            for (int i = 0; i < x.Length; i++)
            {
                if (x[i] > 0)
                {
                    lx[kept] = Math.Log10(x[i]);
                    ly[kept] = y[i];
                    kept++;
                }
            }

            x = lx.AsSpan(0, kept).ToArray();
            y = ly.AsSpan(0, kept).ToArray();
        }

        return -1 * Trapezoid(y, x);
    }

    /// <summary>numpy's <c>trapz(y, x)</c>: per-interval <c>(dx * (y1 + y0)) / 2</c>, summed pairwise like numpy.</summary>
    internal static double Trapezoid(ReadOnlySpan<double> y, ReadOnlySpan<double> x)
    {
        if (x.Length < 2)
        {
            return 0.0;
        }

        var terms = new double[x.Length - 1];
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = (x[i + 1] - x[i]) * (y[i + 1] + y[i]) / 2.0;
        }

        return NumpyReduce.Sum(terms);
    }

    /// <summary>Exact AUC from one merge pass over the sorted sides.</summary>
    internal static double MannWhitney(SortedScores s)
    {
        ScoreMath.RequireBothSides(s.NegativeCount, s.PositiveCount);
        var neg = s.Negatives;
        var pos = s.Positives;
        long twiceWins = 0;
        int below = 0;
        int j = 0;
        while (j < pos.Length)
        {
            double p = pos[j];
            int run = 1;
            while (j + run < pos.Length && pos[j + run] == p)
            {
                run++;
            }

            while (below < neg.Length && neg[below] < p)
            {
                below++;
            }

            int equal = 0;
            while (below + equal < neg.Length && neg[below + equal] == p)
            {
                equal++;
            }

            twiceWins += (long)run * ((2L * below) + equal);
            j += run;
        }

        return twiceWins / (2.0 * neg.Length * pos.Length);
    }
}
