namespace FaceSynth.Metrics;

/// <summary>
/// bob's minimising threshold sweep (EVALUATION 2.4) behind <c>eer_threshold</c>,
/// <c>min_weighted_error_rate_threshold</c> and <c>min_hter_threshold</c>. FAR and FRR are running
/// sums; their rounding is part of the specification, so the order of operations is upstream's.
/// </summary>
internal static class Sweep
{
    /// <summary>Threshold where |FMR - FNMR| is smallest.</summary>
    internal static double EerThreshold(ReadOnlySpan<double> neg, ReadOnlySpan<double> pos, BobVersion version) =>
        Run(neg, pos, Criterion.AbsoluteDifference, 0.0, version);

    /// <summary>Threshold minimising <c>cost * FMR + (1 - cost) * FNMR</c>, cost clipped to [0, 1].</summary>
    internal static double MinWeightedErrorRateThreshold(
        ReadOnlySpan<double> neg, ReadOnlySpan<double> pos, double cost, BobVersion version)
    {
        if (cost > 1.0)
        {
            cost = 1.0;
        }
        else if (cost < 0.0)
        {
            cost = 0.0;
        }

        return Run(neg, pos, Criterion.WeightedError, cost, version);
    }

    private enum Criterion
    {
        AbsoluteDifference,
        WeightedError,
    }

    private static double F(Criterion c, double far, double frr, double cost) =>
        c == Criterion.AbsoluteDifference ? Math.Abs(far - frr) : (cost * far) + ((1.0 - cost) * frr);

    private static double Run(ReadOnlySpan<double> neg, ReadOnlySpan<double> pos, Criterion c, double cost, BobVersion version)
    {
        ScoreMath.RequireBothSides(neg.Length, pos.Length);
        int nNeg = neg.Length, nPos = pos.Length;
        double best = 1e8, bestT = 1e8;
        double far = 1.0, frr = 0.0;
        double dF = 1.0 / nNeg, dR = 1.0 / nPos;
        int i = 0, j = 0;
        double t = Math.Min(neg[0], pos[0]);
        while (i < nNeg && j < nPos)
        {
            double value = F(c, far, frr, cost);
            if (value <= best)
            {
                best = value;
                bestT = t;
            }

            if (pos[j] >= neg[i])
            {
                t = neg[i];
                i++;
                far -= dF;
            }
            else
            {
                t = pos[j];
                j++;
                frr += dR;
            }

            while (i < nNeg && t == neg[i])
            {
                i++;
                far -= dF;
            }

            while (j < nPos && t == pos[j])
            {
                j++;
                frr += dR;
            }

            if (i < nNeg || j < nPos)
            {
                if (i < nNeg && j < nPos)
                {
                    t += Math.Min(neg[i], pos[j]);
                }
                else if (i < nNeg)
                {
                    t += neg[i];
                }
                else
                {
                    t += pos[j];
                }

                t /= 2;
            }
        }

        double last = F(c, far, frr, cost);
        if (last < best)
        {
            best = last;
            bestT = t;
        }

        if (version != BobVersion.V3_0_0 && (i < nNeg || j < nPos))
        {
            double top = i < nNeg ? ScoreMath.Up(neg[nNeg - 1]) : ScoreMath.Up(pos[nPos - 1]);
            if (F(c, 0.0, 1.0, cost) < best)
            {
                bestT = top;
            }
        }

        return bestT;
    }
}
