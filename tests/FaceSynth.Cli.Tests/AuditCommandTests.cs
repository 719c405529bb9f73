using System.Text.Json.Nodes;
using FaceSynth.Embeddings;
using SkiaSharp;

namespace FaceSynth.Cli.Tests;

public class AuditCommandTests
{
    private static EmbeddingMatrix RandomUnit(int rows, int dim, int seed)
    {
        var rng = new Random(seed);
        var m = new EmbeddingMatrix(rows, dim);
        for (int i = 0; i < m.Data.Length; i++)
        {
            m.Data[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
        }

        m.NormalizeRows();
        return m;
    }

    private static void Png(string path, byte shade)
    {
        using var bmp = new SKBitmap(24, 24);
        bmp.Erase(new SKColor(shade, shade, 255));
        using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>60 real rows, 40 synthetic rows of which rows 5 and 17 are exact copies of real rows 11 and 42.</summary>
    private static string Inputs()
    {
        var dir = TestPaths.NewTempDir();
        var real = RandomUnit(60, 64, 1);
        var syn = RandomUnit(40, 64, 2);
        real.Row(11).CopyTo(syn.Row(5));
        real.Row(42).CopyTo(syn.Row(17));
        Npy.Write(Path.Combine(dir, "real.npy"), real);
        Npy.Write(Path.Combine(dir, "syn.npy"), syn);
        Directory.CreateDirectory(Path.Combine(dir, "img"));
        File.WriteAllLines(Path.Combine(dir, "real.csv"), ["subject,path", .. Enumerable.Range(0, 60).Select(i => $"r{i},img/r{i}.png")]);
        File.WriteAllLines(Path.Combine(dir, "syn.csv"), ["subject,path", .. Enumerable.Range(0, 40).Select(i => $"s{i / 2},img/s{i}.png")]);
        for (int i = 0; i < 60; i++)
        {
            Png(Path.Combine(dir, "img", $"r{i}.png"), (byte)(i * 4));
        }

        for (int i = 0; i < 40; i += 2)
        {
            Png(Path.Combine(dir, "img", $"s{i}.png"), (byte)(i * 6));   // odd synthetic images are missing on purpose
        }

        return dir;
    }

    [Fact]
    public async Task Leakage_writes_envelope_top_pairs_tables_sheet_and_report()
    {
        var dir = Inputs();
        var outDir = Path.Combine(dir, "out");
        var o = new StringWriter();
        var e = new StringWriter();
        int rc = await CliApp.RunAsync(["audit", "leakage", "--synthetic", Path.Combine(dir, "syn.npy"), "--real", Path.Combine(dir, "real.npy"), "--top-pairs", "10", "--fmr", "1e-3", "--out", outDir], o, e);
        Assert.True(rc == 0, e.ToString());

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "leakage.json")))!;
        Assert.Equal("facesynth.audit/1", (string?)json["schema"]);
        Assert.Equal("leakage", (string?)json["audit"]);
        Assert.Equal(64, (int?)json["inputs"]![0]!["dim"]);
        Assert.Equal(64, ((string?)json["inputs"]![0]!["sha256"])!.Length);
        var top = json["results"]!["top_pairs"]!.AsArray();
        Assert.Equal(10, top.Count);
        // The two exact copies are the two best pairs (score 1), lower synthetic row first on ties.
        Assert.Equal((5, 11), ((int)top[0]!["synthetic"]!, (int)top[0]!["real"]!));
        Assert.Equal((17, 42), ((int)top[1]!["synthetic"]!, (int)top[1]!["real"]!));
        Assert.Equal(1.0, (double)top[0]!["score"]!, 5);
        var scores = top.Select(p => (double)p!["score"]!).ToArray();
        Assert.True(scores.Zip(scores.Skip(1)).All(p => p.First >= p.Second));
        Assert.Equal("r11", (string?)top[0]!["real_subject"]);
        Assert.Equal("img/r11.png", Path.GetRelativePath(dir, Path.Combine(outDir, (string)top[0]!["real_path"]!)).Replace('\\', '/'));

        foreach (var f in new[] { "leakage_samples.csv", "leakage_identities.csv", "leakage_real_subjects.csv", "report.html", "nn_score_hist.png", "contact_sheet.png", "contact_sheet.csv" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        }

        Assert.Equal(41, File.ReadAllLines(Path.Combine(outDir, "leakage_samples.csv")).Length);
        Assert.Contains("#1 s=1.000", File.ReadAllText(Path.Combine(outDir, "contact_sheet.csv")), StringComparison.Ordinal);

        // Caption text must actually render: dark pixels in the caption band under the first cell.
        using var sheet = SKBitmap.Decode(Path.Combine(outDir, "contact_sheet.png"));
        int dark = 0;
        for (int y = 8 + 112; y < 8 + 112 + 40; y++)
        {
            for (int x = 8; x < 8 + 224; x++)
            {
                dark += sheet.GetPixel(x, y).Red < 100 ? 1 : 0;
            }
        }

        Assert.True(dark > 50, $"caption pixels: {dark}");

        // Same inputs and seed: identical JSON apart from created_utc.
        var out2 = Path.Combine(dir, "out2");
        Assert.Equal(0, await CliApp.RunAsync(["audit", "leakage", "--synthetic", Path.Combine(dir, "syn.npy"), "--real", Path.Combine(dir, "real.npy"), "--top-pairs", "10", "--fmr", "1e-3", "--out", out2], new StringWriter(), new StringWriter()));
        static string Strip(string s) => string.Join('\n', s.Split('\n').Where(l => !l.Contains("created_utc", StringComparison.Ordinal)));
        Assert.Equal(Strip(File.ReadAllText(Path.Combine(outDir, "leakage.json"))).Replace("out\"", "out2\"", StringComparison.Ordinal), Strip(File.ReadAllText(Path.Combine(out2, "leakage.json"))));
        Assert.Equal(File.ReadAllText(Path.Combine(outDir, "leakage_samples.csv")), File.ReadAllText(Path.Combine(out2, "leakage_samples.csv")));
    }

    [Fact]
    public async Task Dimension_mismatch_and_nan_are_exit_2_with_one_clear_message()
    {
        var dir = TestPaths.NewTempDir();
        Npy.Write(Path.Combine(dir, "a.npy"), RandomUnit(10, 16, 1));
        Npy.Write(Path.Combine(dir, "b.npy"), RandomUnit(10, 32, 2));
        var e = new StringWriter();
        int rc = await CliApp.RunAsync(["audit", "leakage", "--synthetic", Path.Combine(dir, "a.npy"), "--real", Path.Combine(dir, "b.npy"), "--out", Path.Combine(dir, "o")], new StringWriter(), e);
        Assert.Equal(2, rc);
        Assert.Contains("dimension mismatch", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", e.ToString(), StringComparison.Ordinal);

        var nan = RandomUnit(10, 16, 3);
        nan[2, 3] = float.NaN;
        Npy.Write(Path.Combine(dir, "nan.npy"), nan);
        e = new StringWriter();
        rc = await CliApp.RunAsync(["audit", "morph", "--dataset", Path.Combine(dir, "nan.npy"), "--out", Path.Combine(dir, "o")], new StringWriter(), e);
        Assert.Equal(2, rc);
    }

    [Fact]
    public async Task Adapter_fit_apply_eval_and_morph_run_end_to_end()
    {
        var dir = TestPaths.NewTempDir();
        var x = RandomUnit(300, 12, 5);
        var y = new EmbeddingMatrix(300, 12);
        for (int n = 0; n < 300; n++)
        {
            for (int j = 0; j < 12; j++)
            {
                y[n, j] = -x[n, (j + 5) % 12];   // a signed permutation: exactly orthogonal
            }
        }

        Npy.Write(Path.Combine(dir, "x.npy"), x);
        Npy.Write(Path.Combine(dir, "y.npy"), y);
        File.WriteAllLines(Path.Combine(dir, "x.csv"), ["subject", .. Enumerable.Range(0, 300).Select(i => $"p{i / 3}")]);
        var adapter = Path.Combine(dir, "adapter");
        var err = new StringWriter();
        Assert.True(await CliApp.RunAsync(["audit", "adapter", "fit", "--source", Path.Combine(dir, "x.npy"), "--target", Path.Combine(dir, "y.npy"), "--kind", "Procrustes", "--out", adapter], new StringWriter(), err) == 0, err.ToString());
        var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(adapter, "adapter.json")))!;
        Assert.Equal("facesynth.adapter/1", (string?)meta["schema"]);
        Assert.True((double)meta["test_metrics"]!["fidelity"]!["min"]! > 0.9999);

        var applied = Path.Combine(dir, "applied");
        Assert.Equal(0, await CliApp.RunAsync(["audit", "adapter", "apply", "--adapter", adapter, "--source", Path.Combine(dir, "x.npy"), "--out", applied], new StringWriter(), new StringWriter()));
        var t = Npy.ReadMatrix(Path.Combine(applied, "translated.npy"));
        Assert.Equal(y[7, 3], t[7, 3], 4);

        Assert.Equal(0, await CliApp.RunAsync(["audit", "adapter", "eval", "--adapter", adapter, "--source", Path.Combine(dir, "x.npy"), "--target", Path.Combine(dir, "y.npy"), "--out", Path.Combine(dir, "eval")], new StringWriter(), new StringWriter()));
        Assert.True(File.Exists(Path.Combine(dir, "eval", "adapter.json")));

        var morph = Path.Combine(dir, "morph");
        err = new StringWriter();
        Assert.True(await CliApp.RunAsync(["audit", "morph", "--dataset", Path.Combine(dir, "x.npy"), "--count", "10", "--fmr", "1e-2", "--out", morph], new StringWriter(), err) == 0, err.ToString());
        var mj = JsonNode.Parse(File.ReadAllText(Path.Combine(morph, "morph.json")))!;
        Assert.Equal(10, (int)mj["results"]!["morphs"]!);
        var pairs = File.ReadAllLines(Path.Combine(morph, "morph_pairs.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        foreach (var p in pairs)
        {
            double c12 = double.Parse(p[5], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Math.Sqrt((1 + c12) / 2), double.Parse(p[6], System.Globalization.CultureInfo.InvariantCulture), 9);
        }
    }
}
