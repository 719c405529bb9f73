using System.Text;

namespace FaceSynth.Metrics;

/// <summary>
/// The report of bob.measure v3.0.0's <c>compute_perf</c> script, byte for byte (EVALUATION 2.11):
/// FTA lines, then for the EER and the min-HTER criteria the development threshold and a table of
/// FMR, FNMR (with counts), FAR, FRR and legacy HTER <c>(FAR + FRR) / 2</c>. Lines end with '\n'.
/// </summary>
public static class LegacyComputePerf
{
    /// <summary>The report for raw scores (NaN scores count as failures to acquire).</summary>
    public static string Report(
        ReadOnlySpan<double> devNegatives, ReadOnlySpan<double> devPositives,
        ReadOnlySpan<double> testNegatives, ReadOnlySpan<double> testPositives, bool hasTest = true) =>
        Report(
            FailureToAcquire.Strip(devNegatives, devPositives),
            hasTest ? FailureToAcquire.Strip(testNegatives, testPositives) : null);

    /// <summary>The report for a development set and an optional test set.</summary>
    public static string Report(FtaScores development, FtaScores? test)
    {
        ArgumentNullException.ThrowIfNull(development);
        var sb = new StringBuilder();
        sb.Append("Failure To Acquire (FTA) in the development set is: ").Append(CFormat.F3(100 * development.Fta)).Append("%\n");
        if (test is not null)
        {
            sb.Append("Failure To Acquire (FTA) in the test set is: ").Append(CFormat.F3(100 * test.Fta)).Append("%\n");
        }

        var dev = development.Scores;
        AppendCriterion(sb, "EER", dev.EerThreshold(BobVersion.V3_0_0), development, test);
        AppendCriterion(sb, "Min. HTER", dev.MinHterThreshold(BobVersion.V3_0_0), development, test);
        return sb.ToString();
    }

    private static void AppendCriterion(StringBuilder sb, string name, double threshold, FtaScores dev, FtaScores? test)
    {
        sb.Append("[Min. criterion: ").Append(name).Append("] Threshold on Development set: ")
            .Append(CFormat.E(threshold)).Append('\n');
        var d = Cells(dev.Rates(threshold, BobVersion.V3_0_0));
        var t = test is null ? null : Cells(test.Rates(threshold, BobVersion.V3_0_0));
        int dw = Math.Max(d[0].Length, d[1].Length);
        int tw = t is null ? 0 : Math.Max(t[0].Length, t[1].Length);
        string[] labels = ["  FMR  | ", "  FNMR | ", "  FAR  | ", "  FRR  | ", "  HTER | "];

        sb.Append("       | ").Append("Development".PadRight(dw));
        if (t is not null)
        {
            sb.Append(" | ").Append("Test".PadRight(tw));
        }

        sb.Append('\n').Append("-------+-").Append('-', dw);
        if (t is not null)
        {
            sb.Append("-+-").Append('-', tw + 2);
        }

        sb.Append('\n');
        for (int row = 0; row < labels.Length; row++)
        {
            sb.Append(labels[row]).Append(d[row].PadRight(dw));
            if (t is not null)
            {
                sb.Append(" | ").Append(t[row].PadRight(tw));
            }

            sb.Append('\n');
        }
    }

    private static string[] Cells(FtaRates r) =>
    [
        $"{CFormat.F3(100 * r.Fmr)}% ({r.FalseMatches}/{r.Negatives})",
        $"{CFormat.F3(100 * r.Fnmr)}% ({r.FalseNonMatches}/{r.Positives})",
        $"{CFormat.F3(100 * r.Far)}%",
        $"{CFormat.F3(100 * r.Frr)}%",
        $"{CFormat.F3(100 * r.Hter)}%",
    ];
}
