using FaceSynth.Metrics;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Metrics;

/// <summary>Checks of EVALUATION 6.2 that start from score files (read with FaceSynth.Scores).</summary>
public class ScoreFileMetricsTests
{
    private static string V3(string name) => TestPaths.Data("bob.measure", "v3.0.0", name);

    private static string V6(string name) => TestPaths.Data("bob.measure", "v6.1.0", name);

    [Fact]
    public void LegacyComputePerfIsByteForByte()
    {
        var dev = ScoreFile.ReadScoreSet(V3("dev-4col.txt"));
        var test = ScoreFile.ReadScoreSet(V3("test-4col.txt"));
        string report = LegacyComputePerf.Report(FailureToAcquire.Strip(dev), FailureToAcquire.Strip(test));
        Assert.Equal(File.ReadAllText(V3("compute_perf.output.txt")), report);
    }

    [Fact]
    public void LegacyComputePerfDevOnlyDropsTheTestColumn()
    {
        // The development cells of compute_perf.output.txt, laid out by the dev-only rule of 2.11.
        string expected = string.Join('\n',
            "Failure To Acquire (FTA) in the development set is: 0.000%",
            "[Min. criterion: EER] Threshold on Development set: -4.830500e-03",
            "       | Development    ",
            "-------+----------------",
            "  FMR  | 6.731% (35/520)",
            "  FNMR | 6.667% (26/390)",
            "  FAR  | 6.731%         ",
            "  FRR  | 6.667%         ",
            "  HTER | 6.699%         ",
            "[Min. criterion: Min. HTER] Threshold on Development set: 3.430500e-03",
            "       | Development    ",
            "-------+----------------",
            "  FMR  | 4.231% (22/520)",
            "  FNMR | 7.949% (31/390)",
            "  FAR  | 4.231%         ",
            "  FRR  | 7.949%         ",
            "  HTER | 6.090%         ",
            string.Empty);
        var dev = ScoreFile.ReadScoreSet(V3("dev-4col.txt"));
        Assert.Equal(expected, LegacyComputePerf.Report(FailureToAcquire.Strip(dev), null));
    }

    [Fact]
    public void LegacyComputePerfReportsFta()
    {
        double[] neg = [0.1, double.NaN, 0.2, 0.3], pos = [0.8, 0.9, double.NaN, 1.0];
        string report = LegacyComputePerf.Report(neg, pos, [], [], hasTest: false);
        Assert.StartsWith("Failure To Acquire (FTA) in the development set is: 25.000%\n[Min. criterion: EER]", report, StringComparison.Ordinal);
        Assert.Contains("  FRR  | 25.000%", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scores-cmc-4col.txt")]
    [InlineData("scores-cmc-5col.txt")]
    public void CmcScoreFiles(string file)
    {
        var probes = ScoreFile.ReadProbes(V3(file));
        Assert.Equal(0.76, Identification.RecognitionRate(probes));
        double[] expected = [0.76, 0.89, 0.96, 0.98, .. Enumerable.Repeat(1.0, 16)];
        Assert.Equal(expected, Identification.Cmc(probes));
    }

    [Theory]
    [InlineData("scores-cmc-4col-open-set.txt", 1.0, 0.0, 7.0 / 9, 1.0)]
    [InlineData("scores-cmc-4col-open-set-one-error.txt", 6.0 / 7, 0.0, 6.0 / 9, 6.0 / 7)]
    [InlineData("scores-cmc-4col-open-set-two-errors.txt", 6.0 / 7, 0.5, 6.0 / 9, 6.0 / 8)]
    public void OpenSetScoreFiles(string file, double dir, double fa, double rr, double rrAtHalf)
    {
        var probes = ScoreFile.ReadProbes(V3(file));
        Assert.Equal(dir, Identification.DetectionIdentificationRate(probes, 0.5), 1e-8);
        Assert.Equal(fa, Identification.FalseAlarmRate(probes, 0.5), 1e-8);
        Assert.Equal(rr, Identification.RecognitionRate(probes), 1e-8);
        Assert.Equal(rrAtHalf, Identification.RecognitionRate(probes, 0.5), 1e-8);
    }

    [Fact]
    public void Dev1MetricsAgreeWithTheTwoColumnExport()
    {
        var set = ScoreFile.ReadScoreSet(V6("dev-1.txt"));
        Assert.Equal(521, set.Negatives.Length);
        Assert.Equal(479, set.Positives.Length);
        var fromFile = FailureToAcquire.Strip(set);
        var fromExport = FailureToAcquire.Strip(
            RefData.Read1D(RefData.V6("two-cols.negatives.txt")), RefData.Read1D(RefData.V6("two-cols.positives.txt")));
        var a = BobMetrics.Compute(fromFile, null);
        var b = BobMetrics.Compute(fromExport, null);
        Assert.Equal(b.Threshold, a.Threshold);
        Assert.Equal(b.Development, a.Development);
    }

    [Fact]
    public void MetricsRecordMatchesStaleV6Printout()
    {
        // test_m1.txt (an older release) prints EER threshold -8.025286e-03, FMR 6.263% (31/495)
        // and FNMR 6.208% (28/451) for dev-1; the FMR/FNMR numbers are unchanged in v6.1.0.
        var dev = FailureToAcquire.Strip(ScoreFile.ReadScoreSet(V6("dev-1.txt")));
        var m = BobMetrics.Compute(dev, null);
        Assert.Equal("-8.025286e-03", CFormat.E(m.Threshold));
        var r = m.Development.Rates;
        Assert.Equal((31, 495, 28, 451), (r.FalseMatches, r.Negatives, r.FalseNonMatches, r.Positives));
        Assert.Equal("6.263", CFormat.F3(100 * r.Fmr));
        Assert.Equal("6.208", CFormat.F3(100 * r.Fnmr));
        Assert.Equal("5.924", CFormat.F3(100 * r.Far));
        Assert.Equal("11.273", CFormat.F3(100 * r.Frr));
        Assert.InRange(m.Development.Auc, 0.5, 1.0);
        Assert.Equal(m.Development.Recall, 1 - r.Fnmr, 15);
    }
}
