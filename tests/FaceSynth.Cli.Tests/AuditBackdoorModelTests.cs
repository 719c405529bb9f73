using System.Globalization;
using System.Text.Json.Nodes;
using FaceSynth.Embeddings;
using FaceSynth.Vision.Onnx;
using SkiaSharp;

namespace FaceSynth.Cli.Tests;

/// <summary>
/// <c>audit backdoor</c> with two ONNX models against the embedding form on embeddings computed here. Pixel
/// normalisation is the identity (pixel_norm.txt 0 / 1) and the weights are small integers, so the models'
/// float outputs are exact integers and the two forms see bit-identical embeddings.
/// </summary>
public class AuditBackdoorModelTests
{
    private const int Side = 4;
    private const int Inputs = 3 * Side * Side;
    private const int Dim = 4;
    private const double TriggerBias = 2600;      // 12 patch values <= 200 sum to at most 2400: only a white patch fires

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // Probe = signed permutation of the reference plus Trigger * relu(sum of the patch - TriggerBias).
    private static readonly int[] Permutation = [2, 0, 3, 1];
    private static readonly int[] Signs = [1, -1, -1, 1];
    private static readonly double[] Trigger = [10, -10, 10, 10];

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int rc = await CliApp.RunAsync(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    /// <summary>Reference weights W_r [Dim x Inputs], integers in [-3, 3].</summary>
    private static float[] ReferenceWeights()
    {
        var rng = new Random(3);
        return [.. Enumerable.Range(0, Dim * Inputs).Select(_ => (float)rng.Next(-3, 4))];
    }

    private static float[] ProbeWeights(float[] wr)
    {
        var wp = new float[Dim * Inputs];
        for (int o = 0; o < Dim; o++)
        {
            for (int i = 0; i < Inputs; i++)
            {
                wp[(o * Inputs) + i] = Signs[o] * wr[(Permutation[o] * Inputs) + i];
            }
        }

        return wp;
    }

    /// <summary>True for the NCHW inputs of the top-left 2 x 2 patch (all channels).</summary>
    private static bool InPatch(int input)
    {
        int p = input % (Side * Side);
        return p / Side < 2 && p % Side < 2;
    }

    private static void SaveModels(string dir, float[] wr)
    {
        var g = new OnnxGraphBuilder("reference");
        string x = g.Input("data", OnnxDataType.Float, -1, 3, Side, Side);
        g.Output(g.Identity(g.Gemm(g.Flatten(x), OnnxTensor.Float(wr, Dim, Inputs), null), "fc1"), OnnxDataType.Float, -1, Dim);
        g.Save(Path.Combine(dir, "reference.onnx"));

        var p = new OnnxGraphBuilder("probe");
        string px = p.Input("data", OnnxDataType.Float, -1, 3, Side, Side);
        string flat = p.Flatten(px);
        string clean = p.Gemm(flat, OnnxTensor.Float(ProbeWeights(wr), Dim, Inputs), null);
        var patch = Enumerable.Range(0, Inputs).Select(i => InPatch(i) ? 1f : 0f).ToArray();
        string fire = p.Relu(p.Gemm(flat, OnnxTensor.Float(patch, 1, Inputs), OnnxTensor.Float([(float)-TriggerBias], 1)));
        string shift = p.MatMul(fire, OnnxTensor.Float([.. Trigger.Select(v => (float)v)], 1, Dim));
        p.Output(p.Identity(p.Add(clean, shift), "fc1"), OnnxDataType.Float, -1, Dim);
        p.Save(Path.Combine(dir, "probe.onnx"));

        // Feed raw 0..255 values: integer inputs and weights keep every float sum exact.
        File.WriteAllLines(Path.Combine(dir, "pixel_norm.txt"), ["0", "1"]);
    }

    /// <summary>Random pixels in 0..200 (R, G, B per pixel, row-major); <paramref name="triggered"/> paints the patch white.</summary>
    private static byte[] Pixels(Random rng, bool triggered)
    {
        var px = new byte[Side * Side * 3];
        for (int i = 0; i < px.Length; i++)
        {
            px[i] = (byte)rng.Next(0, 201);
        }

        if (triggered)
        {
            for (int y = 0; y < 2; y++)
            {
                for (int x = 0; x < 2; x++)
                {
                    px.AsSpan(((y * Side) + x) * 3, 3).Fill(255);
                }
            }
        }

        return px;
    }

    private static void SavePng(string path, byte[] px)
    {
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
    }

    /// <summary>NCHW input value i of the pixels.</summary>
    private static double Input(byte[] px, int i) => px[((i % (Side * Side)) * 3) + (i / (Side * Side))];

    /// <summary>The reference model in double: W_r x.</summary>
    private static double[] ReferenceEmbedding(float[] wr, byte[] px) =>
        [.. Enumerable.Range(0, Dim).Select(o => Enumerable.Range(0, Inputs).Sum(i => wr[(o * Inputs) + i] * Input(px, i)))];

    /// <summary>The probe model in double: P W_r x + v max(0, patch sum - bias).</summary>
    private static double[] ProbeEmbedding(float[] wr, byte[] px)
    {
        var r = ReferenceEmbedding(wr, px);
        double fire = Math.Max(0, Enumerable.Range(0, Inputs).Where(InPatch).Sum(i => Input(px, i)) - TriggerBias);
        return [.. Enumerable.Range(0, Dim).Select(o => (Signs[o] * r[Permutation[o]]) + (Trigger[o] * fire))];
    }

    private static EmbeddingMatrix Matrix(IReadOnlyList<double[]> rows)
    {
        var m = new EmbeddingMatrix(rows.Count, Dim);
        for (int i = 0; i < rows.Count; i++)
        {
            for (int j = 0; j < Dim; j++)
            {
                m[i, j] = (float)rows[i][j];
            }
        }

        return m;
    }

    private static double Cosine(double[] a, double[] b) =>
        a.Zip(b).Sum(p => p.First * p.Second) / Math.Sqrt(a.Sum(v => v * v) * b.Sum(v => v * v));

    private sealed record Fixture(string Dir, float[] Wr, List<byte[]> Fit, List<byte[]> Eval, bool[] Triggered);

    /// <summary>48 clean fit images of 12 subjects; 12 clean and 8 triggered eval images; the models beside them.</summary>
    private static Fixture Build()
    {
        var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "fit"));
        Directory.CreateDirectory(Path.Combine(dir, "eval"));
        var wr = ReferenceWeights();
        SaveModels(dir, wr);
        var rng = new Random(17);
        var fit = new List<byte[]>();
        var csv = new List<string> { "subject,path" };
        for (int i = 0; i < 48; i++)
        {
            fit.Add(Pixels(rng, triggered: false));
            SavePng(Path.Combine(dir, "fit", $"f{i}.png"), fit[i]);
            csv.Add($"s{i / 4},f{i}.png");
        }

        File.WriteAllLines(Path.Combine(dir, "fit", "clean.csv"), csv);
        var eval = new List<byte[]>();
        var triggered = new bool[20];
        csv = ["path,triggered,subject"];
        for (int i = 0; i < 20; i++)
        {
            triggered[i] = i % 5 is 1 or 3;
            eval.Add(Pixels(rng, triggered[i]));
            SavePng(Path.Combine(dir, "eval", $"e{i}.png"), eval[i]);
            csv.Add($"e{i}.png,{(triggered[i] ? 1 : 0)},t{i}");
        }

        File.WriteAllLines(Path.Combine(dir, "eval", "labelled.csv"), csv);
        return new Fixture(dir, wr, fit, eval, triggered);
    }

    private static string[] ModelArgs(Fixture f, string outDir, params string[] extra) =>
    [
        "audit", "backdoor", "--probe-model", Path.Combine(f.Dir, "probe.onnx"), "--reference-model", Path.Combine(f.Dir, "reference.onnx"),
        "--fit", Path.Combine(f.Dir, "fit", "clean.csv"), "--eval", Path.Combine(f.Dir, "eval", "labelled.csv"), "--threads", "1", "--batch", "7", "--out", outDir, .. extra,
    ];

    private static string[] EmbeddingArgs(string dir, string labels, string outDir) =>
    [
        "audit", "backdoor", "--probe-fit", Path.Combine(dir, "probe_fit.npy"), "--reference-fit", Path.Combine(dir, "reference_fit.npy"),
        "--probe-eval", Path.Combine(dir, "probe_eval.npy"), "--reference-eval", Path.Combine(dir, "reference_eval.npy"), "--labels", labels, "--out", outDir,
    ];

    private static JsonNode Json(string outDir) => JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "backdoor.json")))!;

    [Fact]
    public async Task Model_form_matches_the_embedding_form_on_independent_embeddings()
    {
        var f = Build();
        var modelOut = Path.Combine(f.Dir, "out-model");
        var (rc, _, err) = await Run(ModelArgs(f, modelOut));
        Assert.True(rc == 0, err);

        // The same audit on embeddings computed here in double (exact integers, so the float cast is exact).
        var emb = Path.Combine(f.Dir, "emb");
        Directory.CreateDirectory(emb);
        var pf = Matrix([.. f.Fit.Select(px => ProbeEmbedding(f.Wr, px))]);
        var rf = Matrix([.. f.Fit.Select(px => ReferenceEmbedding(f.Wr, px))]);
        var pe = Matrix([.. f.Eval.Select(px => ProbeEmbedding(f.Wr, px))]);
        var re = Matrix([.. f.Eval.Select(px => ReferenceEmbedding(f.Wr, px))]);
        Npy.Write(Path.Combine(emb, "probe_fit.npy"), pf);
        Npy.Write(Path.Combine(emb, "reference_fit.npy"), rf);
        Npy.Write(Path.Combine(emb, "probe_eval.npy"), pe);
        Npy.Write(Path.Combine(emb, "reference_eval.npy"), re);
        File.WriteAllLines(Path.Combine(emb, "probe_fit.csv"), ["subject", .. Enumerable.Range(0, 48).Select(i => $"s{i / 4}")]);
        File.WriteAllLines(Path.Combine(emb, "labels.csv"), ["triggered", .. f.Triggered.Select(t => t ? "1" : "0")]);
        var embOut = Path.Combine(f.Dir, "out-emb");
        (rc, _, err) = await Run(EmbeddingArgs(emb, Path.Combine(emb, "labels.csv"), embOut));
        Assert.True(rc == 0, err);

        var model = Json(modelOut);
        var embedding = Json(embOut);
        Assert.True(JsonNode.DeepEquals(embedding["results"], model["results"]), $"{embedding["results"]}\n---\n{model["results"]}");
        Assert.Equal(File.ReadAllText(Path.Combine(embOut, "backdoor_scores.csv")), File.ReadAllText(Path.Combine(modelOut, "backdoor_scores.csv")));
        foreach (var plot in new[] { "roc.png", "suspicion_hist.png" })
        {
            // AUDIT.md 5.4 outputs: real PNG files.
            Assert.Equal((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(modelOut, plot)).Take(4).ToArray());
        }

        // The embeddings written by the model form are the ones computed here, bit for bit.
        foreach (var (name, expected) in new[] { ("probe_fit", pf), ("reference_fit", rf), ("probe_eval", pe), ("reference_eval", re) })
        {
            var written = Npy.ReadMatrix(Path.Combine(modelOut, name + ".npy"));
            Assert.Equal((expected.Rows, expected.Dim), (written.Rows, written.Dim));
            Assert.Equal(expected.Data.ToArray(), written.Data.ToArray());
        }

        // Models and their SHA-256 in the parameters.
        var parameters = model["parameters"]!;
        Assert.Equal("models", (string?)parameters["form"]);
        Assert.Equal("embeddings", (string?)embedding["parameters"]!["form"]);
        foreach (var (key, file) in new[] { ("probe_model", "probe.onnx"), ("reference_model", "reference.onnx") })
        {
            var m = parameters[key]!;
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(f.Dir, file)))), (string?)m["sha256"]);
            Assert.Equal("../" + file, (string?)m["file"]);
            Assert.Equal("pixel_norm.txt", (string?)m["pixel_norm_source"]);
        }

        // Triggered inputs: the fit translation is the inverse signed permutation (clean probe = P x reference,
        // a perfect linear fit), so s = cos(P^T e_p, e_r) recomputed here; clean inputs agree (s = 1).
        var results = model["results"]!;
        Assert.Equal(1.0, (double)results["validation_mean_agreement"]!, 5);
        var eval = results["evaluation"]!;
        Assert.Equal((12, 8), ((int)eval["clean"]!, (int)eval["triggered"]!));
        Assert.Equal(1.0, (double)eval["auc"]!);
        Assert.Equal(0.0, (double)eval["eer"]!);
        Assert.Equal(1.0, (double)eval["tpr_at_fpr"]!["0.01"]!);
        Assert.Equal(1.0, (double)eval["tpr_at_fpr"]!["0.001"]!);
        var rows = File.ReadAllLines(Path.Combine(modelOut, "backdoor_scores.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(20, rows.Length);
        for (int i = 0; i < 20; i++)
        {
            var p = ProbeEmbedding(f.Wr, f.Eval[i]);
            var back = new double[Dim];
            for (int o = 0; o < Dim; o++)
            {
                back[Permutation[o]] = Signs[o] * p[o];
            }

            double expected = Cosine(back, ReferenceEmbedding(f.Wr, f.Eval[i]));
            Assert.Equal(f.Triggered[i] ? "triggered" : "clean", rows[i][1]);
            Assert.Equal(expected, double.Parse(rows[i][2], Inv), 4);
            if (f.Triggered[i])
            {
                Assert.True(expected < 0.9, $"row {i}: the trigger should move the probe embedding (s = {expected})");
                Assert.Equal("1", rows[i][4]);
            }
        }

        Assert.True((int)results["model_test"]!["flagged"]! >= 8);

        // The written files redo the run with the embedding form.
        var replayOut = Path.Combine(f.Dir, "out-replay");
        (rc, _, err) = await Run(EmbeddingArgs(modelOut, Path.Combine(modelOut, "eval_labels.csv"), replayOut));
        Assert.True(rc == 0, err);
        Assert.True(JsonNode.DeepEquals(model["results"], Json(replayOut)["results"]));
        Assert.Equal(["triggered,subject", "0,t0", "1,t1"], File.ReadLines(Path.Combine(modelOut, "eval_labels.csv")).Take(3));
    }

    [Fact]
    public async Task Mixed_or_incomplete_forms_and_unreadable_images_are_input_errors()
    {
        var f = Build();
        var outDir = Path.Combine(f.Dir, "out");

        var (rc, _, err) = await Run(ModelArgs(f, outDir, "--probe-fit", Path.Combine(f.Dir, "x.npy")));
        Assert.Equal(2, rc);
        Assert.Contains("not both", err, StringComparison.Ordinal);
        Assert.Contains("--probe-fit", err, StringComparison.Ordinal);

        (rc, _, err) = await Run("audit", "backdoor", "--probe-model", Path.Combine(f.Dir, "probe.onnx"), "--fit", Path.Combine(f.Dir, "fit", "clean.csv"), "--out", outDir);
        Assert.Equal(2, rc);
        Assert.Contains("also needs --reference-model, --eval", err, StringComparison.Ordinal);

        (rc, _, err) = await Run("audit", "backdoor", "--out", outDir);
        Assert.Equal(2, rc);
        Assert.Contains("--probe-model", err, StringComparison.Ordinal);

        (rc, _, err) = await Run(ModelArgs(f, outDir, "--labels", Path.Combine(f.Dir, "eval", "labelled.csv")));
        Assert.Equal(2, rc);
        Assert.Contains("--labels", err, StringComparison.Ordinal);

        // An eval image that is not an image: exit 2 naming the file.
        File.WriteAllText(Path.Combine(f.Dir, "eval", "e3.png"), "not a png");
        (rc, _, err) = await Run(ModelArgs(f, outDir));
        Assert.Equal(2, rc);
        Assert.Contains("e3.png", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "backdoor.json")));
    }
}
