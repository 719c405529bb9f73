namespace FaceSynth.Metrics;

/// <summary>Expected performance curve (EVALUATION 2.7).</summary>
public static class Epc
{
    /// <summary>
    /// For <c>alpha_i = i * (1 / (points - 1))</c> (last exactly 1): the development threshold minimising
    /// <c>alpha FMR + (1 - alpha) FNMR</c>, and the test HTER <c>(FMR + FNMR) / 2</c> at it.
    /// </summary>
    public static EpcCurve Compute(SortedScores development, SortedScores test, int points, BobVersion version = BobVersion.V6_1_0)
    {
        ArgumentNullException.ThrowIfNull(development);
        ArgumentNullException.ThrowIfNull(test);
        if (points < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(points), points, "an EPC needs at least 2 points");
        }

        ScoreMath.RequireBothSides(test.NegativeCount, test.PositiveCount);
        var alpha = new double[points];
        var hter = new double[points];
        var thresholds = new double[points];
        double step = 1.0 / (points - 1);
        for (int i = 0; i < points; i++)
        {
            alpha[i] = i * step;
        }

        alpha[points - 1] = 1.0;
        for (int i = 0; i < points; i++)
        {
            thresholds[i] = development.MinWeightedErrorRateThreshold(alpha[i], version);
            var r = test.Farfrr(thresholds[i]);
            hter[i] = (r.Fmr + r.Fnmr) / 2.0;
        }

        return new EpcCurve(alpha, hter, thresholds);
    }
}
