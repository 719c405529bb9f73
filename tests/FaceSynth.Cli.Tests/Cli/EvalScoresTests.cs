using System.Globalization;
using System.Text.Json;

namespace FaceSynth.Cli.Tests.Cli;

public class EvalScoresTests
{
    private static readonly string Dev1 = TestPaths.Data("bob.measure", "v6.1.0", "dev-1.txt");
    private static readonly string Test1 = TestPaths.Data("bob.measure", "v6.1.0", "test-1.txt");

    private static double Fmr(double[] neg, double t) => neg.Count(x => x >= t) / (double)neg.Length;

    private static double Fnmr(double[] pos, double t) => pos.Count(x => x < t) / (double)pos.Length;

    private static async Task<JsonElement> RunJson(params string[] args)
    {
        var r = await CliRunner.RunAsync([.. args, "--json", "-"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var start = r.Out.IndexOf("\n{", StringComparison.Ordinal);
        return JsonDocument.Parse(r.Out[(start + 1)..]).RootElement;
    }

    [Fact]
    public async Task Json_counts_and_rates_match_brute_force()
    {
        var (neg, pos, negNaN, posNaN) = CliRunner.ReadTwoColumn(Dev1);
        var j = await RunJson("eval", "scores", Dev1);

        Assert.Equal(pos.Length, j.GetProperty("genuine").GetInt32());
        Assert.Equal(neg.Length, j.GetProperty("impostor").GetInt32());
        Assert.Equal(posNaN, j.GetProperty("failure_to_acquire").GetProperty("genuine").GetInt32());
        Assert.Equal(negNaN, j.GetProperty("failure_to_acquire").GetProperty("impostor").GetInt32());

        var eer = j.GetProperty("eer");
        var t = eer.GetProperty("threshold").GetDouble();
        Assert.Equal(neg.Count(x => x >= t), eer.GetProperty("false_matches").GetInt32());
        Assert.Equal(pos.Count(x => x < t), eer.GetProperty("false_non_matches").GetInt32());
        Assert.Equal(Fmr(neg, t), eer.GetProperty("fmr").GetDouble());
        Assert.Equal(Fnmr(pos, t), eer.GetProperty("fnmr").GetDouble());

        // EER: |FMR - FNMR| is as small as any threshold can make it (up to one count of the smaller side).
        var candidates = neg.Concat(pos).Distinct().ToArray();
        var best = candidates.Min(c => Math.Abs(Fmr(neg, c) - Fnmr(pos, c)));
        Assert.True(Math.Abs(Fmr(neg, t) - Fnmr(pos, t)) <= best + (1.0 / Math.Min(neg.Length, pos.Length)));

        // min HTER: no observed threshold does better.
        var h = j.GetProperty("min_hter");
        var th = h.GetProperty("threshold").GetDouble();
        var bestHter = candidates.Min(c => (Fmr(neg, c) + Fnmr(pos, c)) / 2);
        Assert.True((Fmr(neg, th) + Fnmr(pos, th)) / 2 <= bestHter + 1e-12);
    }

    [Fact]
    public async Task Far_thresholds_and_tar_follow_bob_definitions()
    {
        var (neg, pos, _, _) = CliRunner.ReadTwoColumn(Dev1);
        var j = await RunJson("eval", "scores", Dev1);
        var targets = j.GetProperty("far_thresholds").EnumerateArray().Select(e => e.GetProperty("target").GetDouble()).ToArray();
        Assert.Equal([0.1, 0.01, 0.001], targets);
        foreach (var e in j.GetProperty("far_thresholds").EnumerateArray())
        {
            var v = e.GetProperty("target").GetDouble();
            var t = e.GetProperty("threshold").GetDouble();
            Assert.True(Fmr(neg, t) <= v);

            // Lowest such threshold among observed impostor scores: the next lower impostor score exceeds the target.
            var lower = neg.Where(x => x < t).DefaultIfEmpty(double.NegativeInfinity).Max();
            if (double.IsFinite(lower))
            {
                Assert.True(Fmr(neg, lower) > v);
            }
        }

        foreach (var e in j.GetProperty("frr_thresholds").EnumerateArray())
        {
            Assert.True(Fnmr(pos, e.GetProperty("threshold").GetDouble()) <= e.GetProperty("target").GetDouble());
        }

        var tars = j.GetProperty("tar_at_fmr").EnumerateArray().ToArray();
        Assert.Equal([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1], tars.Select(e => e.GetProperty("fmr").GetDouble()));
        foreach (var e in tars)
        {
            var t = e.GetProperty("threshold").GetDouble();
            Assert.Equal(1 - Fnmr(pos, t), e.GetProperty("tar").GetDouble());
            Assert.True(Fmr(neg, t) <= e.GetProperty("fmr").GetDouble());
        }

        // Exact Mann-Whitney AUC by brute force; bob's 2000-point trapezoid is within 1e-3 of it.
        double wins = 0;
        foreach (var p in pos)
        {
            foreach (var n in neg)
            {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }

        var exact = wins / pos.Length / neg.Length;
        Assert.Equal(exact, j.GetProperty("auc_exact").GetDouble(), 12);
        Assert.Equal(exact, j.GetProperty("auc").GetDouble(), 3);
    }

    [Fact]
    public async Task Json_numbers_round_trip_exactly()
    {
        // far_threshold returns an observed impostor score: the JSON text must give back that exact double.
        var (neg, _, _, _) = CliRunner.ReadTwoColumn(Dev1);
        var j = await RunJson("eval", "scores", Dev1);
        var raw = j.GetProperty("far_thresholds")[0].GetProperty("threshold").GetRawText();
        var t = double.Parse(raw, CultureInfo.InvariantCulture);
        Assert.Contains(t, neg);
    }

    [Fact]
    public async Task Dev_thresholds_are_applied_to_the_evaluation_set()
    {
        var (negE, posE, _, _) = CliRunner.ReadTwoColumn(Test1);
        var j = await RunJson("eval", "scores", Test1, "--dev", Dev1);
        var devJ = await RunJson("eval", "scores", Dev1);
        Assert.Equal("development", j.GetProperty("thresholds_from").GetString());
        var t = j.GetProperty("eer").GetProperty("threshold").GetDouble();
        Assert.Equal(devJ.GetProperty("eer").GetProperty("threshold").GetDouble(), t);
        Assert.Equal(Fmr(negE, t), j.GetProperty("eer").GetProperty("fmr").GetDouble());
        Assert.Equal(Fnmr(posE, t), j.GetProperty("eer").GetProperty("fnmr").GetDouble());
        Assert.Equal(posE.Length, j.GetProperty("genuine").GetInt32());
        Assert.Equal(devJ.GetProperty("genuine").GetInt32(), j.GetProperty("development").GetProperty("genuine").GetInt32());
        Assert.Equal(t, j.GetProperty("decision").GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task Npy_inputs_give_the_same_summary_as_the_score_file()
    {
        var dir = TestPaths.NewTempDir();
        var (neg, pos, negNaN, posNaN) = CliRunner.ReadTwoColumn(Dev1);
        var g = Path.Combine(dir, "g.npy");
        var i = Path.Combine(dir, "i.npy");
        CliRunner.WriteNpy(g, [.. pos, .. Enumerable.Repeat(double.NaN, posNaN)]);
        CliRunner.WriteNpy(i, [.. neg, .. Enumerable.Repeat(double.NaN, negNaN)]);
        var a = await RunJson("eval", "scores", "--genuine", g, "--impostor", i);
        var b = await RunJson("eval", "scores", Dev1);
        Assert.Equal(b.GetProperty("eer").GetRawText(), a.GetProperty("eer").GetRawText());
        Assert.Equal(b.GetProperty("tar_at_fmr").GetRawText(), a.GetProperty("tar_at_fmr").GetRawText());
    }

    [Fact]
    public async Task Groups_give_per_group_counts()
    {
        var file = TestPaths.Data("bob.measure", "v3.0.0", "dev-4col.txt");
        var lines = File.ReadLines(file).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length == 4).ToList();
        var subjects = lines.SelectMany(f => new[] { f[0], f[1] }).Distinct().Order(StringComparer.Ordinal).ToList();
        var groupOf = subjects.Select((s, k) => (s, g: k % 2 == 0 ? "even" : "odd")).ToDictionary(x => x.s, x => x.g);
        var dir = TestPaths.NewTempDir();
        var groups = Path.Combine(dir, "groups.csv");
        File.WriteAllText(groups, "subject_id,group\n" + string.Join("\n", groupOf.Select(kv => $"{kv.Key},{kv.Value}")) + "\n");

        var j = await RunJson("eval", "scores", file, "--groups", groups);
        var rows = j.GetProperty("demographics").GetProperty("groups").EnumerateArray().ToDictionary(e => e.GetProperty("group").GetString()!);
        foreach (var name in new[] { "even", "odd" })
        {
            var genuine = lines.Count(f => f[0] == f[1] && groupOf[f[1]] == name);
            Assert.Equal(genuine, rows[name].GetProperty("genuine").GetInt64());
        }
    }

    [Fact]
    public async Task Report_writes_html_and_decodable_plots()
    {
        var dir = Path.Combine(TestPaths.NewTempDir(), "rep");
        var r = await CliRunner.RunAsync("eval", "scores", Test1, "--dev", Dev1, "--report", dir, "--pyeer");
        Assert.True(r.ExitCode == 0, r.Err);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        foreach (var name in new[] { "roc", "det", "scores" })
        {
            var png = Path.Combine(dir, name + ".png");
            using var bmp = SkiaSharp.SKBitmap.Decode(png);
            Assert.NotNull(bmp);
            Assert.Equal(800, bmp.Width);
            Assert.Equal(600, bmp.Height);
            var svg = File.ReadAllText(Path.Combine(dir, name + ".svg"));
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains($"src=\"{name}.png\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("False match rate", File.ReadAllText(Path.Combine(dir, "roc.svg")), StringComparison.Ordinal);
        Assert.Contains("pyeer", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
    }

    [Fact]
    public async Task Table_output_is_readable()
    {
        var r = await CliRunner.RunAsync("eval", "scores", Dev1);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("operating point", r.Out, StringComparison.Ordinal);
        Assert.Contains("EER", r.Out, StringComparison.Ordinal);
        Assert.Contains("target FMR", r.Out, StringComparison.Ordinal);
        Assert.Contains("Decision threshold", r.Out, StringComparison.Ordinal);
    }
}
