namespace FaceSynth.Metrics;

/// <summary>ROC convex hull points: false alarm (Pfa) and miss (Pmiss) probabilities.</summary>
/// <param name="Pfa">False alarm probability of each hull vertex (bob's row 0), starting at 1.</param>
/// <param name="Pmiss">Miss probability of each hull vertex (row 1), starting at 0.</param>
public sealed record RocchCurve(double[] Pfa, double[] Pmiss);

/// <summary>Legacy v3.0.0 ROC convex hull and its EER (EVALUATION 2.12; Bosaris toolkit).</summary>
public static class Rocch
{
    /// <summary>The ROC convex hull, from pool-adjacent-violators on the sorted labels.</summary>
    public static RocchCurve Compute(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives)
    {
        var labels = IsotonicLabels.SortedLabels(negatives, positives, positivesFirst: true);
        var blocks = IsotonicLabels.Pav(labels);
        int nNeg = negatives.Length, nPos = positives.Length;
        var pfa = new double[blocks.Count + 1];
        var pmiss = new double[blocks.Count + 1];
        pfa[0] = 1.0;
        pmiss[0] = 0.0;
        long left = 0, positivesLeft = 0;
        for (int i = 0; i < blocks.Count; i++)
        {
            left += blocks[i].Width;
            positivesLeft += blocks[i].Positives;
            pmiss[i + 1] = ScoreMath.Rate(positivesLeft, nPos);
            pfa[i + 1] = ScoreMath.Rate(nNeg - (left - positivesLeft), nNeg);
        }

        return new RocchCurve(pfa, pmiss);
    }

    /// <summary>bob's <c>rocch2eer</c>: the largest EER candidate over the hull's segments.</summary>
    public static double Eer(RocchCurve hull)
    {
        ArgumentNullException.ThrowIfNull(hull);
        double eer = 0.0;
        for (int i = 0; i + 1 < hull.Pfa.Length; i++)
        {
            double x0 = hull.Pfa[i], x1 = hull.Pfa[i + 1];
            double y0 = hull.Pmiss[i], y1 = hull.Pmiss[i + 1];
            double candidate = 0.0;
            if (Math.Min(Math.Abs(x0 - x1), Math.Abs(y0 - y1)) >= ScoreMath.MachineEpsilon)
            {
                // Solve [[x0, y0], [x1, y1]] (a, b) = (1, 1); the candidate is 1 / (a + b).
                double det = (x0 * y1) - (y0 * x1);
                double a = (y1 - y0) / det;
                double b = (x0 - x1) / det;
                candidate = 1.0 / (a + b);
            }

            eer = Math.Max(eer, candidate);
        }

        return eer;
    }

    /// <summary>bob's <c>eer_rocch</c>: <see cref="Eer(RocchCurve)"/> of <see cref="Compute"/>.</summary>
    public static double EerRocch(ReadOnlySpan<double> negatives, ReadOnlySpan<double> positives) =>
        Eer(Compute(negatives, positives));
}
