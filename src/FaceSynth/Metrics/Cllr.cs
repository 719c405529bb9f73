namespace FaceSynth.Metrics;

/// <summary>Legacy v3.0.0 calibration measures: Cllr and minimum Cllr (EVALUATION 2.12).</summary>
public static class Calibration
{
    /// <summary>
    /// Log-likelihood-ratio cost, scores taken as natural-log LLRs:
    /// <c>(mean_pos log2(1 + e^-s) + mean_neg log2(1 + e^s)) / 2</c>.
    /// </summary>
    public static double Cllr(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives)
    {
        ScoreMath.RequireBothSides(negatives.Length, positives.Length);
        double sumPos = 0, sumNeg = 0;
        foreach (var s in positives)
        {
            sumPos += Softplus(-s);
        }

        foreach (var s in negatives)
        {
            sumNeg += Softplus(s);
        }

        return ((sumPos / positives.Length) + (sumNeg / negatives.Length)) / 2.0 / Math.Log(2);
    }

    /// <summary>
    /// Cllr after the optimal monotone recalibration: PAV on the merged labels (negatives first on equal
    /// scores), each fitted p mapped to <c>ln p - ln(1 - p) - ln(#pos / #neg)</c>.
    /// </summary>
    public static double MinCllr(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives)
    {
        var labels = IsotonicLabels.SortedLabels(negatives, positives, positivesFirst: false);
        var blocks = IsotonicLabels.Pav(labels);
        double prior = Math.Log((double)positives.Length / negatives.Length);
        var newNeg = new double[negatives.Length];
        var newPos = new double[positives.Length];
        int k = 0, iNeg = 0, iPos = 0;
        foreach (var block in blocks)
        {
            double p = (double)block.Positives / block.Width;
            double llr = Math.Log(p) - Math.Log(1 - p) - prior;
            for (long w = 0; w < block.Width; w++, k++)
            {
                if (labels[k])
                {
                    newPos[iPos++] = llr;
                }
                else
                {
                    newNeg[iNeg++] = llr;
                }
            }
        }

        return Cllr(newNeg, newPos);
    }

    /// <summary>ln(1 + e^x) without overflow; 0 at -infinity.</summary>
    private static double Softplus(double x) => Math.Max(x, 0) + SpecialFunctions.Log1p(Math.Exp(-Math.Abs(x)));
}
