using FaceSynth.Protocols;

namespace FaceSynth.Tests.Protocols;

/// <summary>scikit-learn compatible ROC, AUC and the IJB TAR@FAR table rule (EVALUATION.md 4.3).</summary>
public class SklearnRocTests
{
    // Scores 0.9 P, 0.8 P, 0.7 P, 0.6 N, 0.5 N, 0.4 P (given shuffled): per distinct score
    // tps = 1 2 3 3 3 4, fps = 0 0 0 1 2 2; second differences drop points 1 and 3.
    private static readonly bool[] Labels = [false, true, true, true, false, true];
    private static readonly double[] Scores = [0.5, 0.9, 0.7, 0.8, 0.6, 0.4];

    [Fact]
    public void DropIntermediateKeepsOnlyCorners()
    {
        var roc = SklearnRoc.Compute(Labels, Scores);
        Assert.Equal([0.0, 0, 0, 1, 1], roc.Fpr);
        Assert.Equal([0.0, 0.25, 0.75, 0.75, 1], roc.Tpr);
        Assert.Equal([double.PositiveInfinity, 0.9, 0.7, 0.5, 0.4], roc.Thresholds);
        Assert.Equal([0L, 0, 0, 2, 2], roc.FalsePositives);
        Assert.Equal([0L, 1, 3, 3, 4], roc.TruePositives);
    }

    [Fact]
    public void WithoutDroppingEveryDistinctScoreIsAPoint()
    {
        var roc = SklearnRoc.Compute(Labels, Scores, dropIntermediate: false);
        Assert.Equal([0.0, 0, 0, 0, 0.5, 1, 1], roc.Fpr);
        Assert.Equal([0.0, 0.25, 0.5, 0.75, 0.75, 0.75, 1], roc.Tpr);
    }

    [Fact]
    public void AucEqualsTheMannWhitneyCount()
    {
        // Positive > negative in 6 of the 8 pairs.
        Assert.Equal(0.75, SklearnRoc.Auc(SklearnRoc.Compute(Labels, Scores)), 15);
    }

    [Fact]
    public void TarTableTakesTheSmallestReversedIndexSoTheLargestTprAmongEqualFpr()
    {
        var roc = SklearnRoc.Compute(Labels, Scores);
        var table = SklearnRoc.TarAtFarTable(roc, [0.1, 0.6]);

        // Reversed FPR 1 1 0 0 0 / TPR 1 .75 .75 .25 0: target 0.1 -> first FPR-0 point, TPR 0.75.
        Assert.Equal(0.0, table[0].Far);
        Assert.Equal(0.75, table[0].Tar);

        // Target 0.6 is nearer to FPR 1 (0.4) than to 0 (0.6): the FPR read lies above the target.
        Assert.Equal(1.0, table[1].Far);
        Assert.Equal(1.0, table[1].Tar);
    }

    [Fact]
    public void OneClassOrNaNIsRejected()
    {
        Assert.Throws<ArgumentException>(() => SklearnRoc.Compute([true, true], [0.1, 0.2]));
        Assert.Throws<ArgumentException>(() => SklearnRoc.Compute([true, false], [0.1, double.NaN]));
    }

    [Theory]
    [InlineData("continuous")]
    [InlineData("ties")]
    public void MatchesScikitLearn(string name)
    {
        var c = Fixtures.Load("sklearn_roc.json").GetProperty(name);
        var labels = c.GetProperty("labels").Bools();
        var scores = c.GetProperty("scores").Doubles();
        foreach (var (key, drop) in new[] { ("drop", true), ("keep", false) })
        {
            var e = c.GetProperty(key);
            var roc = SklearnRoc.Compute(labels, scores, drop);
            Assert.Equal(e.GetProperty("fpr").Doubles(), roc.Fpr);
            Assert.Equal(e.GetProperty("tpr").Doubles(), roc.Tpr);
            Assert.Equal(e.GetProperty("thresholds_from_1").Doubles(), roc.Thresholds[1..]);
            Assert.Equal(double.PositiveInfinity, roc.Thresholds[0]);
            Assert.Equal(e.GetProperty("auc").GetDouble(), SklearnRoc.Auc(roc), 14);
        }

        var table = SklearnRoc.TarAtFarTable(SklearnRoc.Compute(labels, scores));
        var expected = c.GetProperty("tar_at_far").EnumerateArray().ToArray();
        Assert.Equal(expected.Length, table.Count);
        for (int i = 0; i < table.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("target").GetDouble(), table[i].TargetFar);
            Assert.Equal(expected[i].GetProperty("far").GetDouble(), table[i].Far);
            Assert.Equal(expected[i].GetProperty("tar").GetDouble(), table[i].Tar);
        }
    }
}
