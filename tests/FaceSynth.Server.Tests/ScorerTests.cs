using System.Text;
using System.Text.Json;
using FaceSynth.Server.Definitions;
using FaceSynth.Server.Scoring;
using FaceSynth.Server.Submissions;

namespace FaceSynth.Server.Tests;

/// <summary>Scoring on small benchmarks whose results are derived by hand.</summary>
public sealed class ScorerTests
{
    /// <summary>
    /// 400 pairs, groups A and B alternating. Genuine pairs score 0.9, impostors 0.1, except one impostor of group B per
    /// block of 20 B pairs that scores 0.95 (above every genuine pair). Best threshold: any distance in (0.2, 1.8], so
    /// each 20-pair fold of B gets 19/20 right and A 20/20; the 40-pair folds of the whole set get 39/40.
    /// </summary>
    private static LoadedBenchmark TwoGroups(out double[] scores)
    {
        int n = 400;
        var same = new bool[n];
        var group = new int[n];
        scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            int k = i / 2;
            group[i] = i % 2;
            same[i] = k % 2 == 0;
            scores[i] = same[i] ? 0.9 : (group[i] == 1 && k % 20 == 5 ? 0.95 : 0.1);
        }

        var def = new BenchmarkDefinition { Id = "hand", Protocol = "pairs-kfold", Attribute = "g" };
        return new LoadedBenchmark(def, [], new BenchmarkTruth(same, group, ["A", "B"]));
    }

    [Fact]
    public void Per_group_accuracies_and_trade_off_match_the_hand_count()
    {
        var bench = TwoGroups(out var scores);
        var r = SubmissionScorer.ScoreBenchmark(bench, scores);
        Assert.Equal(97.5, r.Metric, 10);
        Assert.Equal(0.0, r.MetricStd!.Value, 10);
        Assert.Equal(["A", "B"], r.Groups.Select(g => g.Group));
        Assert.Equal(100.0, r.Groups[0].Accuracy!.Value, 10);
        Assert.Equal(95.0, r.Groups[1].Accuracy!.Value, 10);
        Assert.Equal(200, r.Groups[0].Pairs);

        // TO = mean(100, 95) - population std(100, 95) = 97.5 - 2.5.
        Assert.Equal(95.0, r.TradeOff!.Value, 10);

        // 10 of 200 impostors score above every genuine pair: FMR <= 1 % needs a threshold above them, rejecting all genuine pairs.
        Assert.Equal(100.0, r.FnmrAtFmr1, 10);
        Assert.Equal((200, 200), (r.Genuine, r.Impostor));
        Assert.Equal(0.0, r.Groups[1].Fmr!.Value, 10);
        Assert.Equal(100.0, r.Groups[1].Fnmr!.Value, 10);
    }

    [Fact]
    public void Tar_at_far_reads_the_nearest_roc_point()
    {
        // 10 genuine: five above the one strong impostor (0.95), five below it; 999 weak impostors.
        var scores = new List<double> { 1.0, 0.99, 0.98, 0.97, 0.96, 0.94, 0.93, 0.92, 0.91, 0.90, 0.95 };
        var same = Enumerable.Repeat(true, 10).Append(false).ToList();
        for (int i = 0; i < 999; i++)
        {
            scores.Add(0.4 * i / 999);
            same.Add(false);
        }

        var truth = new BenchmarkTruth([.. same], [.. same.Select(_ => -1)], []);
        var at = (double far) => SubmissionScorer.ScoreBenchmark(
            new LoadedBenchmark(new BenchmarkDefinition { Id = "t", Protocol = "tar-at-far", FarTarget = far }, [], truth), [.. scores]).Metric;

        // FAR 1e-4 is nearest to FPR 0 (5 of 10 genuine above every impostor); FAR 1e-3 to FPR 1/1000 (all 10).
        Assert.Equal(50.0, at(1e-4), 10);
        Assert.Equal(100.0, at(1e-3), 10);
    }

    [Fact]
    public void The_same_file_always_gives_the_same_numbers()
    {
        var dir = FaceSynth.Testing.TestPaths.NewTempDir();
        var challenge = ChallengeLoader.Load(Demo.DemoChallenge.Write(dir));
        var files = Demo.DemoChallenge.SystemFiles()[0].ToDictionary(kv => kv.Key[..^4], kv => kv.Value);
        var task = challenge.Task("performance")!;
        var a = JsonSerializer.Serialize(SubmissionScorer.Score(challenge, task, files), ServerJson.Options);
        var b = JsonSerializer.Serialize(SubmissionScorer.Score(challenge, task, files), ServerJson.Options);
        Assert.Equal(a, b);
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("0.5\n0.25\n-1e-3\n", 3, true)]
    [InlineData("\uFEFF# benchmark: b\n0.5\r\n0.25\r\n1\r\n", 3, true)]
    [InlineData("0.5\n0.25\n", 3, false)]
    [InlineData("0.5\n0.25\n1\n2\n", 3, false)]
    [InlineData("0.5\ninf\n1\n", 3, false)]
    [InlineData("0.5\n0.5 0.5\n1\n", 3, false)]
    [InlineData("# benchmark: other\n0.5\n0.25\n1\n", 3, false)]
    public void Score_file_rules(string text, int pairs, bool ok)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (ok)
        {
            Assert.Equal(pairs, SubmissionScoreFile.Parse(bytes, "b.txt", "b", pairs).Length);
        }
        else
        {
            var e = Assert.Throws<FaceSynthDataException>(() => SubmissionScoreFile.Parse(bytes, "b.txt", "b", pairs));
            Assert.StartsWith("b.txt: ", e.Message, StringComparison.Ordinal);
        }
    }
}
