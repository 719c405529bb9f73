using System.Globalization;
using System.Text;
using System.Text.Json;
using FaceSynth.Embeddings;

namespace FaceSynth.Cli.Tests.Cli;

/// <summary>
/// <c>eval pairs</c> on a pair set whose 10-fold result is known by construction: genuine pairs are two
/// copies of one direction (distance 0), impostor pairs two orthogonal directions (distance 2), except for
/// hand-placed errors (a genuine pair made orthogonal, an impostor pair made identical). Every training
/// split then picks the first threshold above 0 (0.01), and a fold's accuracy is 1 - its errors / its size.
/// </summary>
public class EvalPairsTests
{
    private const int N = 103;                        // folds of 11, 11, 11, 10, ..., 10

    // 5: impostor in fold 1; 35 impostor and 40 genuine in fold 4; 80 genuine in fold 8 (1-based folds).
    private static readonly HashSet<int> Errors = [5, 35, 40, 80];

    private static bool Genuine(int i) => i % 2 == 0;

    private static int[] FoldStarts()
    {
        var s = new int[11];
        for (int f = 0; f < 10; f++)
        {
            s[f + 1] = s[f] + (N / 10) + (f < N % 10 ? 1 : 0);
        }

        return s;
    }

    /// <summary>Writes E.npy (2 rows per pair, unnormalised) and P.txt; returns the two paths.</summary>
    private static (string Embeddings, string Pairs) WriteEmbeddingInput(string dir)
    {
        var data = new float[N * 2 * 2];
        var pairs = new StringBuilder("# a b label\n\n");
        for (int i = 0; i < N; i++)
        {
            double th = i * 0.37;
            float c = (float)Math.Cos(th), s = (float)Math.Sin(th);
            float scaleA = 0.5f + (i % 7), scaleB = 2f + (i % 3);
            bool sameDirection = Genuine(i) != Errors.Contains(i);
            data[4 * i] = c * scaleA;
            data[(4 * i) + 1] = s * scaleA;
            data[(4 * i) + 2] = sameDirection ? c * scaleB : -s * scaleB;
            data[(4 * i) + 3] = sameDirection ? s * scaleB : c * scaleB;
            var label = Genuine(i) ? (i == 10 ? "2" : "1") : "0";   // any non-zero label means "same"
            pairs.Append(CultureInfo.InvariantCulture, $"{2 * i} {(2 * i) + 1} {label}\n");
        }

        var e = Path.Combine(dir, "E.npy");
        Npy.Write(e, new EmbeddingMatrix(data, N * 2, 2));
        var p = Path.Combine(dir, "P.txt");
        File.WriteAllText(p, pairs.ToString());
        return (e, p);
    }

    private static void AssertKnownResult(JsonElement j, string stdout)
    {
        var starts = FoldStarts();
        var acc = new double[10];
        var val = new double[10];
        var far = new double[10];
        for (int f = 0; f < 10; f++)
        {
            int size = starts[f + 1] - starts[f];
            var idx = Enumerable.Range(starts[f], size).ToArray();
            acc[f] = (size - idx.Count(Errors.Contains)) / (double)size;
            val[f] = idx.Count(i => Genuine(i) && !Errors.Contains(i)) / (double)idx.Count(Genuine);
            far[f] = idx.Count(i => !Genuine(i) && Errors.Contains(i)) / (double)idx.Count(i => !Genuine(i));
        }

        double mean = acc.Sum() / 10;
        double std = Math.Sqrt(acc.Sum(a => (a - mean) * (a - mean)) / 10);
        Assert.Equal(N, j.GetProperty("pair_count").GetInt32());
        Assert.Equal([11, 11, 11, 10, 10, 10, 10, 10, 10, 10], j.GetProperty("fold_sizes").EnumerateArray().Select(x => x.GetInt32()));
        var got = j.GetProperty("fold_accuracies").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (int f = 0; f < 10; f++)
        {
            Assert.Equal(acc[f], got[f], 12);
        }

        Assert.Equal(mean, j.GetProperty("mean_accuracy").GetDouble(), 12);
        Assert.Equal(std, j.GetProperty("std_accuracy").GetDouble(), 12);
        var text = string.Create(CultureInfo.InvariantCulture, $"{mean:F5}+-{std:F5}");
        Assert.Equal(text, j.GetProperty("accuracy_text").GetString());
        Assert.Contains($"Accuracy: {text}", stdout, StringComparison.Ordinal);
        Assert.All(j.GetProperty("best_thresholds").EnumerateArray(), t => Assert.Equal(0.01, t.GetDouble(), 12));

        // The training FAR exceeds 1e-3 only once the threshold passes 0, so the interpolated VAL threshold
        // lies strictly between the two distances 0 and 2: VAL and FAR count the pairs at distance 0.
        var v = j.GetProperty("val");
        Assert.Equal(1e-3, v.GetProperty("far_target").GetDouble());
        var fv = v.GetProperty("fold_val").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var ff = v.GetProperty("fold_far").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        for (int f = 0; f < 10; f++)
        {
            Assert.Equal(val[f], fv[f], 12);
            Assert.Equal(far[f], ff[f], 12);
        }

        Assert.All(v.GetProperty("fold_thresholds").EnumerateArray(), t => Assert.InRange(t.GetDouble(), 1e-9, 2 - 1e-6));
        Assert.Equal(val.Average(), v.GetProperty("mean_val").GetDouble(), 12);
    }

    [Fact]
    public async Task Embeddings_and_pair_list_give_the_constructed_accuracy_and_report()
    {
        var dir = TestPaths.NewTempDir();
        var (e, p) = WriteEmbeddingInput(dir);
        var json = Path.Combine(dir, "out.json");
        var report = Path.Combine(dir, "report");
        var r = await CliRunner.RunAsync("eval", "pairs", "--embeddings", e, "--pairs", p, "--json", json, "--report", report);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        AssertKnownResult(doc.RootElement, r.Out);
        Assert.True(doc.RootElement.GetProperty("normalized").GetBoolean());
        Assert.Equal(400, doc.RootElement.GetProperty("mean_tpr").GetArrayLength());
        foreach (var f in new[] { "report.html", "roc.png", "roc.svg", "summary.json" })
        {
            Assert.True(File.Exists(Path.Combine(report, f)), f);
        }

        Assert.Equal(File.ReadAllText(json), File.ReadAllText(Path.Combine(report, "summary.json")));
    }

    [Fact]
    public async Task Two_column_score_file_in_pair_order_gives_the_same_result()
    {
        // Cosine 1 <-> distance 0, cosine 0 <-> distance 2 (dist = 2 - 2 s); one NaN line is dropped first.
        var dir = TestPaths.NewTempDir();
        var sb = new StringBuilder();
        for (int i = 0; i < N; i++)
        {
            bool sameDirection = Genuine(i) != Errors.Contains(i);
            sb.Append(CultureInfo.InvariantCulture, $"{(Genuine(i) ? 1 : 0)} {(sameDirection ? "1.0" : "0.0")}\n");
            if (i == 50)
            {
                sb.Append("1 nan\n");
            }
        }

        var scores = Path.Combine(dir, "scores.txt");
        File.WriteAllText(scores, sb.ToString());
        var json = Path.Combine(dir, "out.json");
        var r = await CliRunner.RunAsync("eval", "pairs", "--scores", scores, "--json", json);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        AssertKnownResult(doc.RootElement, r.Out);
        Assert.Equal(1, doc.RootElement.GetProperty("dropped_nan").GetInt32());
    }

    private static async Task AssertBadInput(string[] mustMention, params string[] args)
    {
        var r = await CliRunner.RunAsync(args);
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}; stderr: {r.Err}");
        Assert.StartsWith("error: ", r.Err, StringComparison.Ordinal);
        foreach (var m in mustMention)
        {
            Assert.Contains(m, r.Err, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("0 1 1\n0 500 1\n", "line 2")]
    [InlineData("0 1 1\n2 3\n", "line 2")]
    [InlineData("# header\n0 1 same\n", "line 2")]
    [InlineData("0 1 1\n2 3 0\n", "folds")]
    public async Task Bad_pair_list_names_file_and_line(string content, string where)
    {
        var dir = TestPaths.NewTempDir();
        var (e, _) = WriteEmbeddingInput(dir);
        var p = Path.Combine(dir, "bad-pairs.txt");
        File.WriteAllText(p, content);
        await AssertBadInput(["bad-pairs.txt", where], "eval", "pairs", "--embeddings", e, "--pairs", p);
    }

    [Fact]
    public async Task Missing_embeddings_and_wrong_option_combinations_are_bad_input()
    {
        var dir = TestPaths.NewTempDir();
        var (e, p) = WriteEmbeddingInput(dir);
        await AssertBadInput(["missing.npy"], "eval", "pairs", "--embeddings", Path.Combine(dir, "missing.npy"), "--pairs", p);
        await AssertBadInput(["--scores"], "eval", "pairs", "--embeddings", e, "--pairs", p, "--scores", p);
        await AssertBadInput(["--pairs"], "eval", "pairs", "--embeddings", e);
        await AssertBadInput(["--folds"], "eval", "pairs", "--embeddings", e, "--pairs", p, "--folds", "1");
    }
}
