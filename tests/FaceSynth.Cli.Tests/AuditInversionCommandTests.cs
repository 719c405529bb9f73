using System.Text.Json.Nodes;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Onnx;
using SkiaSharp;

namespace FaceSynth.Cli.Tests;

public class AuditInversionCommandTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>12 subjects x 3 unit rows around random centres, d = 16.</summary>
    private static EmbeddingMatrix Clustered(int seed)
    {
        var rng = new Random(seed);
        var centres = new double[12, 16];
        for (int s = 0; s < 12; s++)
        {
            for (int j = 0; j < 16; j++)
            {
                centres[s, j] = Gaussian(rng);
            }
        }

        var m = new EmbeddingMatrix(36, 16);
        for (int i = 0; i < 36; i++)
        {
            for (int j = 0; j < 16; j++)
            {
                m[i, j] = (float)(centres[i / 3, j] + (0.3 * Gaussian(rng)));
            }
        }

        m.NormalizeRows();
        return m;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int rc = await CliApp.RunAsync(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    private static void AssertPng(string path)
    {
        Assert.True(File.Exists(path), path);
        Assert.Equal(PngSignature, File.ReadAllBytes(path).Take(8));
        using var bmp = SKBitmap.Decode(path);
        Assert.True(bmp.Width > 100 && bmp.Height > 100);
    }

    [Fact]
    public async Task Embedding_set_targets_write_every_output()
    {
        var dir = TestPaths.NewTempDir();
        var d1 = Clustered(1);
        var d2 = Clustered(2);
        string subjects = "subject\n" + string.Join('\n', Enumerable.Range(0, 36).Select(i => $"p{i / 3}")) + "\n";
        Npy.Write(Path.Combine(dir, "d1.npy"), d1);
        Npy.Write(Path.Combine(dir, "d2.npy"), d2);
        File.WriteAllText(Path.Combine(dir, "d1.csv"), subjects);
        File.WriteAllText(Path.Combine(dir, "d2.csv"), subjects);

        // Attacks 0..5 of source "exact" are the T1 templates of rows 0, 3, ..., 15 (perfect inversions for T1);
        // attack 6 failed (NaN in both targets). For T2 the attacks are the T2 rows of the next subject.
        var a1 = new EmbeddingMatrix(7, 16);
        var a2 = new EmbeddingMatrix(7, 16);
        for (int k = 0; k < 6; k++)
        {
            d1.Row(3 * k).CopyTo(a1.Row(k));
            d2.Row((3 * k) + 3).CopyTo(a2.Row(k));
        }

        a1.Row(6).Fill(float.NaN);
        a2.Row(6).Fill(float.NaN);
        Npy.Write(Path.Combine(dir, "a1.npy"), a1);
        Npy.Write(Path.Combine(dir, "a2.npy"), a2);
        File.WriteAllLines(Path.Combine(dir, "attacks.csv"), ["source,template_row,path", .. Enumerable.Range(0, 7).Select(k => $"exact,{3 * k},rec/{k}.png")]);
        File.WriteAllText(Path.Combine(dir, "targets.json"), """
            {"targets": [{"name": "T1", "dataset": "d1.npy", "attacks": "a1.npy"},
                         {"name": "arc face/2", "dataset": "d2.npy", "attacks": "a2.npy", "generator_space": true}]}
            """);
        var outDir = Path.Combine(dir, "out");
        var (rc, _, err) = await Run("audit", "inversion", "--targets", Path.Combine(dir, "targets.json"), "--attacks", Path.Combine(dir, "attacks.csv"), "--out", outDir);
        Assert.True(rc == 0, err);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "inversion.json")))!;
        Assert.Equal("inversion", (string?)json["audit"]);
        var tt = json["results"]!["target_thresholds"]!.AsArray();
        Assert.Equal(["T1", "arc face/2"], tt.Select(t => (string)t!["target"]!));
        Assert.Equal(2, tt[0]!["thresholds"]!.AsArray().Count);
        var cell = json["results"]!["cells"]!.AsArray().Single(c => (string)c!["target"]! == "T1" && (string)c!["type"]! == "type1" && (double)c!["fmr"]! == 1e-2)!;
        Assert.Equal(6, (int)cell["accepted"]!);
        Assert.Equal(7, (int)cell["comparisons"]!);
        Assert.Equal(1, (int)cell["fta"]!);

        // 7 Type-I and 7 x 2 Type-II comparisons per target.
        var lines = File.ReadAllLines(Path.Combine(outDir, "inversion_attacks.csv"));
        Assert.Equal("source,target,template_row,attack_path,type,compared_row,score,accepted_fmr_0.01,accepted_fmr_0.001", lines[0]);
        Assert.Equal(1 + (2 * 21), lines.Length);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var t1Type1 = rows.Where(r => r[1] == "T1" && r[4] == "type1").ToArray();
        Assert.All(t1Type1.Take(6), r => Assert.Equal(1.0, double.Parse(r[6], AuditCsv.Inv), 5));
        Assert.All(t1Type1.Take(6), r => Assert.Equal(("1", "1"), (r[7], r[8])));
        Assert.Equal(("-inf", "0", "0", "rec/6.png"), (t1Type1[6][6], t1Type1[6][7], t1Type1[6][8], t1Type1[6][3]));

        // Type-II scores: the attack against the subject's other rows, recomputed here.
        foreach (var r in rows.Where(r => r[1] == "T1" && r[4] == "type2" && r[6] != "-inf"))
        {
            int x = int.Parse(r[2], AuditCsv.Inv), y = int.Parse(r[5], AuditCsv.Inv);
            double s = Enumerable.Range(0, 16).Sum(j => (double)d1[x, j] * d1[y, j]);
            Assert.Equal(s, double.Parse(r[6], AuditCsv.Inv), 5);
            Assert.Equal(x / 3, y / 3);
            Assert.NotEqual(x, y);
        }

        foreach (var f in new[] { "type1_0.01", "type2_0.01", "type1_0.001", "type2_0.001" })
        {
            Assert.Equal("source,T1,arc face/2", File.ReadLines(Path.Combine(outDir, $"transfer_{f}.csv")).First());
        }

        Assert.StartsWith("exact,0.857142857", File.ReadAllLines(Path.Combine(outDir, "transfer_type1_0.01.csv"))[1], StringComparison.Ordinal);
        AssertPng(Path.Combine(outDir, "scores_T1.png"));
        AssertPng(Path.Combine(outDir, "scores_arc_face_2.png"));
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("scores_T1.png", html, StringComparison.Ordinal);
        Assert.Contains("scores_arc_face_2.png", html, StringComparison.Ordinal);
    }

    private const int Side = 4;
    private const int Inputs = 3 * Side * Side;

    /// <summary>An ONNX embedder y = W x on the normalised NCHW input x = (pixel - 127.5) / 127.5, d = 3.</summary>
    private static (string Path, float[] W) LinearModel(string dir)
    {
        var rng = new Random(11);
        var w = new float[3 * Inputs];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        var g = new OnnxGraphBuilder("tiny-embedder");
        string x = g.Input("data", OnnxDataType.Float, -1, 3, Side, Side);
        string y = g.Gemm(g.Flatten(x), OnnxTensor.Float(w, 3, Inputs), OnnxTensor.Float([0f, 0f, 0f], 3));
        g.Output(g.Identity(y, "fc1"), OnnxDataType.Float, -1, 3);
        string path = Path.Combine(dir, "tiny.onnx");
        g.Save(path);
        return (path, w);
    }

    /// <summary>Random 4 x 4 RGB pixels, written as a lossless PNG; returns the bytes (R, G, B per pixel, row-major).</summary>
    private static byte[] Image(string path, Random rng)
    {
        var px = new byte[Side * Side * 3];
        rng.NextBytes(px);
        using var bmp = new SKBitmap(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                int o = ((y * Side) + x) * 3;
                bmp.SetPixel(x, y, new SKColor(px[o], px[o + 1], px[o + 2]));
            }
        }

        using var data = bmp.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return px;
    }

    /// <summary>W x in double, normalised to unit length (the independent model of the embedder).</summary>
    private static double[] Embed(float[] w, byte[] px)
    {
        var e = new double[3];
        for (int o = 0; o < 3; o++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int p = 0; p < Side * Side; p++)
                {
                    e[o] += w[(o * Inputs) + (c * Side * Side) + p] * ((px[(p * 3) + c] - 127.5) / 127.5);
                }
            }
        }

        double n = Math.Sqrt(e.Sum(v => v * v));
        return [.. e.Select(v => v / n)];
    }

    [Fact]
    public async Task Onnx_target_embeds_dataset_and_attack_images()
    {
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "imgs"));
        Directory.CreateDirectory(Path.Combine(dir, "att"));
        var (model, w) = LinearModel(dir);
        var rng = new Random(5);
        var pixels = new List<byte[]>();
        var csv = new List<string> { "path,identity,label" };
        for (int i = 0; i < 12; i++)
        {
            pixels.Add(Image(Path.Combine(dir, "imgs", $"d{i}.png"), rng));
            csv.Add($"d{i}.png,id{i / 3},{i / 3}");
        }

        File.WriteAllLines(Path.Combine(dir, "imgs", "images.csv"), csv);

        // Attack 0: a copy of dataset image 4; attack 1: a new image; attack 2: missing file (a failed attack).
        File.Copy(Path.Combine(dir, "imgs", "d4.png"), Path.Combine(dir, "att", "a0.png"));
        var attackPixels = new[] { pixels[4], Image(Path.Combine(dir, "att", "a1.png"), rng) };
        File.WriteAllLines(Path.Combine(dir, "attacks.csv"), ["source,template_row,path", "S,4,att/a0.png", "S,7,att/a1.png", "S,9,att/missing.png"]);

        // The same target as precomputed embeddings from the independent model: results must agree.
        var dm = new EmbeddingMatrix(12, 3);
        for (int i = 0; i < 12; i++)
        {
            var e = Embed(w, pixels[i]);
            for (int j = 0; j < 3; j++)
            {
                dm[i, j] = (float)e[j];
            }
        }

        var am = new EmbeddingMatrix(3, 3);
        for (int k = 0; k < 2; k++)
        {
            var e = Embed(w, attackPixels[k]);
            for (int j = 0; j < 3; j++)
            {
                am[k, j] = (float)e[j];
            }
        }

        Npy.Write(Path.Combine(dir, "d.npy"), dm);
        Npy.Write(Path.Combine(dir, "a.npy"), am);
        File.WriteAllLines(Path.Combine(dir, "d.csv"), ["label", .. Enumerable.Range(0, 12).Select(i => (i / 3).ToString(AuditCsv.Inv))]);
        File.WriteAllText(Path.Combine(dir, "targets.json"), """
            {"targets": [{"name": "onnx", "model": "tiny.onnx", "images": "imgs/images.csv"},
                         {"name": "npy", "dataset": "d.npy", "attacks": "a.npy"}]}
            """);
        var outDir = Path.Combine(dir, "out");
        var (rc, _, err) = await Run("audit", "inversion", "--targets", Path.Combine(dir, "targets.json"), "--attacks", Path.Combine(dir, "attacks.csv"),
            "--subject-column", "label", "--fmr", "0.1", "--threads", "1", "--out", outDir);
        Assert.True(rc == 0, err);
        Assert.Contains("missing.png", err, StringComparison.Ordinal);

        var rows = File.ReadAllLines(Path.Combine(outDir, "inversion_attacks.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var onnx = rows.Where(r => r[1] == "onnx").ToArray();
        var npy = rows.Where(r => r[1] == "npy").ToArray();
        Assert.Equal(3 + 6, onnx.Length);
        Assert.Equal(npy.Select(r => (r[0], r[2], r[4], r[5])), onnx.Select(r => (r[0], r[2], r[4], r[5])));
        foreach (var r in onnx)
        {
            int k = int.Parse(r[2], AuditCsv.Inv) switch { 4 => 0, 7 => 1, _ => 2 };
            int y = int.Parse(r[5], AuditCsv.Inv);
            if (k == 2)
            {
                Assert.Equal("-inf", r[6]);
                continue;
            }

            var a = Embed(w, attackPixels[k]);
            var b = Embed(w, pixels[y]);
            double expected = a.Zip(b).Sum(p => p.First * p.Second);
            Assert.Equal(expected, double.Parse(r[6], AuditCsv.Inv), 5);
        }

        Assert.Equal(1.0, double.Parse(onnx[0][6], AuditCsv.Inv), 5);   // the copied image against its own template

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "inversion.json")))!;
        var tt = json["results"]!["target_thresholds"]!.AsArray();
        Assert.Equal((double)tt[1]!["thresholds"]![0]!["tau"]!, (double)tt[0]!["thresholds"]![0]!["tau"]!, 5);
        var fta = json["results"]!["cells"]!.AsArray().Where(c => (string)c!["target"]! == "onnx").Select(c => (int)c!["fta"]!);
        Assert.All(fta, f => Assert.Equal(1, f));
        Assert.Contains(json["warnings"]!.AsArray(), x => ((string)x!).Contains("could not be read", StringComparison.Ordinal));
        Assert.Equal("onnx", (string?)json["parameters"]!["target_kinds"]!["onnx"]);
        Assert.Equal("embeddings", (string?)json["parameters"]!["target_kinds"]!["npy"]);
        var modelInput = json["inputs"]!.AsArray().Single(i => (string)i!["role"]! == "model:onnx")!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "tiny.onnx")))), (string?)modelInput["sha256"]);
        AssertPng(Path.Combine(outDir, "scores_onnx.png"));
    }
}
