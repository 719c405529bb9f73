using FaceSynth.Embeddings;
using FaceSynth.Protocols;

namespace FaceSynth.Tests.Protocols;

/// <summary>insightface 10-fold pair protocol (EVALUATION.md 4.1-4.2).</summary>
public class PairsKFoldTests
{
    /// <summary>
    /// 20 pairs, folds of 2: pair 2f is genuine at distance 0.5, pair 2f+1 impostor at 1.5, except the
    /// genuine pair of fold 0, at 1.6. Every training set is best split first at t = 0.51; fold 0 then
    /// misses its genuine pair (accuracy 0.5), the other folds are perfect.
    /// </summary>
    private static (double[] Dist, bool[] Same) HandCase()
    {
        var d = new double[20];
        var s = new bool[20];
        for (int f = 0; f < 10; f++)
        {
            d[2 * f] = f == 0 ? 1.6 : 0.5;
            s[2 * f] = true;
            d[(2 * f) + 1] = 1.5;
        }

        return (d, s);
    }

    [Fact]
    public void HandCountedAccuracy()
    {
        var (d, s) = HandCase();
        var r = PairsKFold.Evaluate(d, s);
        Assert.Equal(Enumerable.Repeat(2, 10), r.FoldSizes);
        Assert.Equal([0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1], r.FoldAccuracies);
        Assert.All(r.BestThresholds, t => Assert.Equal(51 * 0.01, t));
        Assert.Equal(0.95, r.MeanAccuracy, 15);

        // Deviations -0.45 and 9 x 0.05: variance (0.2025 + 0.0225) / 10.
        Assert.Equal(0.15, r.StdAccuracy, 15);
        Assert.Equal("0.95000+-0.15000", r.FormatAccuracy());

        // At t = 1.00 fold 0's genuine pair (1.6) is rejected: mean TPR 0.9, FPR 0. At 3.99 all accepted.
        Assert.Equal(0.9, r.MeanTpr[100], 15);
        Assert.Equal(0.0, r.MeanFpr[100]);
        Assert.Equal(1.0, r.MeanTpr[399]);
        Assert.Equal(1.0, r.MeanFpr[399]);
    }

    [Fact]
    public void ThresholdIsStrict()
    {
        // A genuine pair exactly at a grid value is "same" only for thresholds above it.
        double[] d = [.. Enumerable.Repeat(0.3, 10), .. Enumerable.Repeat(0.3, 10)];
        bool[] s = [.. Enumerable.Repeat(true, 10), .. Enumerable.Repeat(false, 10)];
        var r = PairsKFold.Evaluate(d, s, new PairsKFoldOptions { ComputeVal = false });

        // Folds 0-4 hold genuine pairs: their training sets have more impostors, best rejected all (t = 0).
        // Folds 5-9: more genuine pairs in training; the first t accepting 0.3 is 0.31 (30 * 0.01 == 0.3 is not).
        Assert.Equal([0.0, 0, 0, 0, 0, 0.31, 0.31, 0.31, 0.31, 0.31], r.BestThresholds);
        Assert.All(r.FoldAccuracies, a => Assert.Equal(0.0, a));
        Assert.Null(r.Val);
        // Test TPR at 0.30 is 0; at 0.31 it is 1 in folds 0-4 and 0 (no genuine pair) in folds 5-9.
        Assert.Equal(0.0, r.MeanTpr[30]);
        Assert.Equal(0.5, r.MeanTpr[31]);
    }

    [Fact]
    public void ContiguousFoldsGiveTheRemainderToTheFirstFolds()
    {
        var r = PairsKFold.Evaluate(new double[23], new bool[23], new PairsKFoldOptions { ComputeVal = false });
        Assert.Equal([3, 3, 3, 2, 2, 2, 2, 2, 2, 2], r.FoldSizes);
    }

    [Fact]
    public void ValAtFarInterpolatesFromTheLargestThresholdOfEachFar()
    {
        var (d, s) = HandCase();
        var r = PairsKFold.Evaluate(d, s);
        var v = r.Val!;

        // Training FAR is 0 up to t = 1.500 and 1 from 1.501: points (0, 1.5) and (1, 3.999).
        double expected = 1.5 + (0.001 * ((3999 * 0.001) - 1.5));
        Assert.All(v.FoldThresholds, t => Assert.Equal(expected, t, 12));

        // Test folds: every impostor (1.5) accepted; genuine accepted except fold 0's.
        Assert.All(v.FoldFar, f => Assert.Equal(1.0, f));
        Assert.Equal(0.9, v.MeanVal, 15);
        Assert.Equal(0.3, v.StdVal, 15);
    }

    [Fact]
    public void ValIsZeroThresholdWhenTheTargetIsNeverReached()
    {
        var (d, s) = HandCase();
        var v = PairsKFold.Evaluate(d, s, new PairsKFoldOptions { FarTarget = 1.5 }).Val!;
        Assert.All(v.FoldThresholds, t => Assert.Equal(0.0, t));
        Assert.Equal(0.0, v.MeanVal);
        Assert.Equal(0.0, v.MeanFar);
    }

    [Fact]
    public void ScoreFileInputDropsNaNAndConvertsToDistance()
    {
        var (d, s) = HandCase();
        var scores = d.Select(x => x == 0.5 ? 0.75 : x == 1.5 ? 0.25 : 0.2).ToList();
        var same = s.ToList();
        scores.Insert(5, double.NaN);
        same.Insert(5, true);
        var r = PairsKFold.EvaluateScores(scores.ToArray(), same.ToArray());
        Assert.Equal(1, r.DroppedNaN);
        Assert.Equal(20, r.PairCount);
        Assert.Equal(0.95, r.MeanAccuracy, 15);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void MatchesTheInsightfaceTranscription(int index)
    {
        var c = Fixtures.Load("kfold.json").GetProperty("cases")[index];
        var r = PairsKFold.Evaluate(c.GetProperty("dist").Doubles(), c.GetProperty("same").Bools(), new PairsKFoldOptions { ComputeVal = false });
        Assert.Equal(c.GetProperty("fold_accuracy").Doubles(), r.FoldAccuracies);
        Assert.Equal(c.GetProperty("best_thresholds").Doubles(), r.BestThresholds);
        Assert.Equal(c.GetProperty("mean").GetDouble(), r.MeanAccuracy);
        Assert.Equal(c.GetProperty("std").GetDouble(), r.StdAccuracy, 15);
        Assert.Equal(c.GetProperty("mean_tpr").Doubles(), r.MeanTpr);
        Assert.Equal(c.GetProperty("mean_fpr").Doubles(), r.MeanFpr);
    }

    [Fact]
    public void BobTwoColumnFileMatchesTheInsightfaceTranscription()
    {
        var c = Fixtures.Load("kfold.json").GetProperty("score_file");
        var r = PairsKFold.EvaluateScoreFile(TestPaths.Data("bob.measure", "v6.1.0", "dev-1.txt"));
        Assert.Equal(c.GetProperty("dropped").GetInt32(), r.DroppedNaN);
        Assert.Equal(c.GetProperty("pairs").GetInt32(), r.PairCount);
        Assert.Equal(c.GetProperty("fold_accuracy").Doubles(), r.FoldAccuracies);
        Assert.Equal(c.GetProperty("best_thresholds").Doubles(), r.BestThresholds);
        Assert.Equal(c.GetProperty("mean").GetDouble(), r.MeanAccuracy);
        Assert.Equal(c.GetProperty("std").GetDouble(), r.StdAccuracy, 15);
    }

    [Fact]
    public void MalformedScoreFileNamesTheLine()
    {
        var path = Path.Combine(TestPaths.NewTempDir(), "s.txt");
        File.WriteAllText(path, "1 0.5\n-1 0.1 extra\n");
        var ex = Assert.Throws<FaceSynthDataException>(() => PairsKFold.EvaluateScoreFile(path));
        Assert.Contains("line 2", ex.Message);
    }

    [Fact]
    public void EmbeddingsAndPairListGiveSquaredDistancesOfNormalisedRows()
    {
        // Rows: unit x, 2 * unit x (same direction), unit y, and a zero row (left unchanged).
        var e = new EmbeddingMatrix([1, 0, 2, 0, 0, 1, 0, 0], 4, 2) { Ids = ["a.jpg", "b.jpg", "c.jpg", "z.jpg"] };
        var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir, "pairs.txt");
        var lines = new List<string>();
        for (int i = 0; i < 10; i++)
        {
            lines.Add("a.jpg b.jpg 1");     // distance 0 after normalisation
            lines.Add("0 2 0");              // distance 2
        }

        File.WriteAllLines(path, lines);
        var pairs = PairList.Read(path, e);
        Assert.Equal(20, pairs.Count);
        Assert.Equal(0, pairs.First[1]);
        Assert.Equal(2, pairs.Second[1]);
        var r = PairsKFold.EvaluateEmbeddings(e, pairs);
        Assert.Equal(1.0, r.MeanAccuracy);
        Assert.All(r.BestThresholds, t => Assert.Equal(0.01, t));
        Assert.Equal(2f, e[1, 0]); // the input is not modified
    }

    [Theory]
    [InlineData("a.jpg b.jpg", "expected 3 fields")]
    [InlineData("a.jpg nope.jpg 1", "'nope.jpg'")]
    [InlineData("0 9 1", "out of range")]
    [InlineData("0 1 same", "not a number")]
    public void MalformedPairListsNameTheLine(string line, string message)
    {
        var e = new EmbeddingMatrix(new float[4], 2, 2) { Ids = ["a.jpg", "b.jpg"] };
        var ex = Assert.Throws<FaceSynthDataException>(() => PairList.Read(new StringReader("# comment\n0 1 1\n" + line + "\n"), "pairs.txt", e));
        Assert.Contains("pairs.txt: line 3", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void FlipAddSumsAndNormalises()
    {
        var a = new EmbeddingMatrix([1, 2, 0, 0], 2, 2) { Ids = ["x", "y"] };
        var b = new EmbeddingMatrix([2, 2, 0, 0], 2, 2);
        var f = EmbeddingCombine.FlipAdd(a, b);
        Assert.Equal(0.6f, f[0, 0], 6);
        Assert.Equal(0.8f, f[0, 1], 6);
        Assert.Equal(0f, f[1, 0]);
        Assert.Equal(["x", "y"], f.Ids!);
        var raw = EmbeddingCombine.FlipAdd(a, b, normalize: false);
        Assert.Equal(3f, raw[0, 0]);

        // Norms sqrt(5), 0, sqrt(8), 0.
        Assert.Equal((Math.Sqrt(5) + Math.Sqrt(8)) / 4, EmbeddingCombine.XNorm(a, b), 6);
    }
}
