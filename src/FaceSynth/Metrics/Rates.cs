namespace FaceSynth.Metrics;

/// <summary>Precision, recall and F-score arithmetic shared by the sorted and unsorted forms (EVALUATION 2.1).</summary>
internal static class Rates
{
    internal static PrecisionRecall PrecisionRecallFromCounts(int truePositives, int falsePositives, int positives)
    {
        long accepted = (long)truePositives + falsePositives;
        if (accepted == 0)
        {
            accepted = 1;
        }

        return new PrecisionRecall(ScoreMath.Rate(truePositives, accepted), ScoreMath.Rate(truePositives, positives));
    }

    internal static double FScore(PrecisionRecall pr, double weight)
    {
        if (!(weight > 0))
        {
            weight = 1;
        }

        double w2 = weight * weight;
        double p = pr.Precision, r = pr.Recall;
        if (p == 0.0 && r == 0.0)
        {
            return 0.0;
        }

        return (1 + w2) * (p * r) / ((w2 * p) + r);
    }
}
