namespace FaceSynth.Metrics.Fairness;

/// <summary>FRCSyn trade-off of one system (EVALUATION.md 5.3); values in percent.</summary>
/// <param name="Average">Mean accuracy over the groups.</param>
/// <param name="StandardDeviation">Standard deviation of the accuracies (population unless sample was asked).</param>
/// <param name="TradeOff">TO = AVG - SD.</param>
/// <param name="SampleStd">True when SD divides by G - 1.</param>
public sealed record FrcsynTradeOff(double Average, double StandardDeviation, double TradeOff, bool SampleStd);

/// <summary>FRCSyn challenge metrics (WACV 2024, CVPR 2024, FRCSyn-onGoing).</summary>
public static class Frcsyn
{
    /// <summary>Trade-off accuracy TO = AVG - SD over per-group accuracies (percent). SD: population by default (unconfirmed upstream).</summary>
    public static FrcsynTradeOff TradeOff(ReadOnlySpan<double> accuracyPercent, bool sampleStd = false)
    {
        if (accuracyPercent.Length < (sampleStd ? 2 : 1))
        {
            throw new ArgumentException($"the trade-off needs at least {(sampleStd ? 2 : 1)} group accuracies", nameof(accuracyPercent));
        }

        double sum = 0;
        foreach (double a in accuracyPercent)
        {
            sum += a;
        }

        double avg = sum / accuracyPercent.Length;
        double sd = FairnessMetrics.StandardDeviation(accuracyPercent, sampleStd);
        return new FrcsynTradeOff(avg, sd, avg - sd, sampleStd);
    }

    /// <summary>"Gap to Real" as believed used by FRCSyn (unconfirmed): (REAL - SYN) / SYN x 100.</summary>
    public static double GapToReal(double real, double synthetic) => (real - synthetic) / synthetic * 100.0;
}
