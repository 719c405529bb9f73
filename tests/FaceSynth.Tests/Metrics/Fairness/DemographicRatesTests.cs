using FaceSynth.Metrics;
using FaceSynth.Metrics.Fairness;
using FaceSynth.Scores;

namespace FaceSynth.Tests.Metrics.Fairness;

/// <summary>Per-group rates at a global threshold (EVALUATION.md 5.1) on a hand-made score table.</summary>
public class DemographicRatesTests
{
    private static readonly GroupMap Groups = GroupMap.Read(new StringReader("subject_id,group\na1,A\na2,A\n\"b1\",B\n# comment\nb2,B\n"), "groups.csv");

    // ScoreRow(claimed = reference subject, model, real = probe subject, probe, score).
    private static readonly ScoreRow[] Rows =
    [
        new("a1", null, "a1", "p1", 0.9), new("a2", null, "a2", "p2", 0.4),     // genuine A
        new("b1", null, "b1", "p3", 0.8), new("b2", null, "b2", "p4", 0.7),     // genuine B
        new("a1", null, "a2", "p2", 0.6), new("a2", null, "a1", "p1", 0.1),     // impostor A x A
        new("b1", null, "b2", "p4", 0.2), new("b2", null, "b1", "p3", 0.3),     // impostor B x B
        new("b1", null, "a1", "p1", 0.5),                                      // probe A, reference B
        new("a1", null, "b1", "p3", 0.05),                                     // probe B, reference A
        new("a1", null, "a2", "p9", double.NaN),                                // failure to acquire
    ];

    [Fact]
    public void CountsRatesMatrixAndSummaryAtAFixedThreshold()
    {
        var scores = GroupedScores.Split(Rows, Groups);
        Assert.Equal(1, scores.RemovedNaN);
        var r = DemographicRates.Compute(scores, new DemographicOptions { Threshold = 0.5 });
        Assert.Contains("fixed threshold 0.5", r.ThresholdRule);

        var a = r.Groups[0];
        Assert.Equal(("A", 2L, 1L, 2L, 1L), (a.Group, a.Genuine, a.FalseNonMatches, a.Impostors, a.FalseMatches));
        Assert.Equal(0.5, a.Fnmr);
        Assert.Equal(0.5, a.Fmr);
        Assert.Equal(50.0, a.AccuracyPercent);

        // Clopper-Pearson (1, 2) from the bob.measure test suite.
        Assert.Equal(0.01257911709342505, a.FnmrInterval.Lower, 1e-10);
        Assert.Equal(0.98742088290657493, a.FnmrInterval.Upper, 1e-10);

        var b = r.Groups[1];
        Assert.Equal((0.0, 0.0, 100.0), (b.Fnmr, b.Fmr, b.AccuracyPercent));

        // Cross-group cells: probe A vs reference B accepted (0.5 >= 0.5); probe B vs reference A rejected.
        Assert.Equal(1.0, r.FmrMatrix[0][1]);
        Assert.Equal(0.0, r.FmrMatrix[1][0]);
        Assert.Equal([[2L, 1L], [1L, 2L]], r.ImpostorMatrix);

        // FMR = FNMR = (0.5, 0): ratios undefined, Gini = (2/1) * 1 / (2 * 4 * 0.25) = 1, FDR = 0.5, STD = 25.
        var s = r.Summary;
        Assert.Equal(0.5, s.Alpha);
        Assert.False(s.FmrMaxMin.IsDefined);
        Assert.False(s.InequityRate.IsDefined);
        Assert.False(s.Ser.IsDefined);
        Assert.Equal(1.0, s.FmrGini.Value, 12);
        Assert.Equal(1.0, s.Garbe.Value, 12);
        Assert.Equal(0.5, s.Fdr.Value, 12);
        Assert.Equal(25.0, s.AccuracyStd.Value, 12);
    }

    [Fact]
    public void DefaultThresholdIsBobFarThresholdOnAllImpostors()
    {
        var r = DemographicRates.Compute(GroupedScores.Split(Rows, Groups));

        // 6 impostors: FMR 1/6 > 1e-3 already at the largest one, so far_threshold = up(0.6).
        Assert.Equal(Math.BitIncrement(0.6), r.Threshold);
        Assert.Contains("far_threshold at FMR 0.001 on all 6 impostor scores", r.ThresholdRule);
        Assert.All(r.Groups, g => Assert.Equal(0L, g.FalseMatches));

        var byA = DemographicRates.Compute(GroupedScores.Split(Rows, Groups), new DemographicOptions { ReferenceGroup = "A", TargetFmr = 0.5 });
        Assert.Equal(BobMeasure.FarThreshold([0.6, 0.1], [], 0.5), byA.Threshold);
        Assert.Contains("reference group 'A'", byA.ThresholdRule);
    }

    [Fact]
    public void UnmappedSubjectsAreAnErrorUnlessSkipped()
    {
        ScoreRow[] rows = [.. Rows, new("zz", null, "a1", "p1", 0.3)];
        var ex = Assert.Throws<FaceSynthDataException>(() => GroupedScores.Split(rows, Groups, source: "scores.txt"));
        Assert.Contains("'zz'", ex.Message);
        Assert.Equal(1, GroupedScores.Split(rows, Groups, skipUnmapped: true).SkippedUnmapped);
    }

    [Theory]
    [InlineData("subject,grp\na,A\n", "header")]
    [InlineData("subject_id,group\na,A,extra\n", "line 2")]
    [InlineData("subject_id,group\na,A\na,B\n", "line 3")]
    [InlineData("subject_id,group\n\"a,A\n", "unterminated")]
    [InlineData("", "empty")]
    public void MalformedGroupFilesAreReported(string text, string message)
    {
        var ex = Assert.Throws<FaceSynthDataException>(() => GroupMap.Read(new StringReader(text), "groups.csv"));
        Assert.Contains("groups.csv", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void GroupFileFromDisk()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "g.csv");
        File.WriteAllText(path, "\uFEFFSubject_Id,Group\r\n1001,\"Black, female\"\r\n1002,White\r\n");
        var map = GroupMap.Read(path);
        Assert.Equal(["Black, female", "White"], map.Groups);
        Assert.Equal(0, map.GroupIndexOf("1001"));
        Assert.Equal(-1, map.GroupIndexOf("9"));
        Assert.Throws<FaceSynthDataException>(() => GroupMap.Read(path + ".missing"));
    }
}
