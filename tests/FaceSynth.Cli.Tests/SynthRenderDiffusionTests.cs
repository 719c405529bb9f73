using System.Globalization;
using FaceSynth.Embeddings;
using FaceSynth.Synthesis;
using FaceSynth.Vision.Images;
using FaceSynth.Vision.Onnx;

namespace FaceSynth.Cli.Tests;

/// <summary><c>facesynth synth render</c> with a <c>latent_diffusion</c> bundle of known linear models (SYNTHESIS.md 6.6).</summary>
public class SynthRenderDiffusionTests
{
    private const int Dim = 4, Lc = 6, C = 4, H = 2, W = 3, Lz = C * H * W;
    private const double Guidance = 2.0, LatentScale = 1.5;

    private static readonly float[] Wid = Weights(Dim * Lc, 0.5, 1.1);
    private static readonly float[] Wc = Weights(Lc * Lz, 0.25, 0.45);
    private static readonly float[] Uncond = Weights(Lc, 0.7, 1.9);
    private static readonly float[] Wv = Weights(3 * C, 0.3, 0.8);

    private static float[] Weights(int n, double amp, double freq) =>
        [.. Enumerable.Range(0, n).Select(i => (float)(amp * Math.Cos((freq * i) + 0.2)))];

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = await CliApp.RunAsync(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    // id encoder: ctx = e Wid as [2, 3]; UNet: ε = flat(ctx) Wc (+ 0 z + 0 t: a constant per row); VAE: 1x1 conv Wv.
    private static string Bundle(string dir, int steps)
    {
        var id = new OnnxGraphBuilder("id");
        string e = id.Input("e", OnnxDataType.Float, -1, Dim);
        id.Output(id.Identity(id.Reshape(id.MatMul(e, OnnxTensor.Float(Wid, Dim, Lc)), -1, 2, 3), "ctx"), OnnxDataType.Float, -1, 2, 3);
        id.Save(Path.Combine(dir, "id.onnx"));

        var u = new OnnxGraphBuilder("unet");
        string z = u.Input("sample", OnnxDataType.Float, -1, C, H, W);
        string t = u.Input("timestep", OnnxDataType.Int64, -1);
        string ctx = u.Input("encoder_hidden_states", OnnxDataType.Float, -1, 2, 3);
        string eps = u.Reshape(u.MatMul(u.Reshape(ctx, -1, Lc), OnnxTensor.Float(Wc, Lc, Lz)), -1, C, H, W);
        string tf = u.Reshape(u.Node("Cast", [t], 1, null, OnnxAttribute.Int("to", (int)OnnxDataType.Float))[0], -1, 1, 1, 1);
        eps = u.Add(u.Add(eps, u.Mul(z, OnnxTensor.Scalar(0f))), u.Mul(tf, OnnxTensor.Scalar(0f)));
        u.Output(u.Identity(eps, "out"), OnnxDataType.Float, -1, C, H, W);
        u.Save(Path.Combine(dir, "unet.onnx"));

        var v = new OnnxGraphBuilder("vae");
        string lat = v.Input("latent", OnnxDataType.Float, -1, C, H, W);
        v.Output(v.Identity(v.Conv(lat, OnnxTensor.Float(Wv, 3, C, 1, 1), null), "image"), OnnxDataType.Float, -1, 3, H, W);
        v.Save(Path.Combine(dir, "vae.onnx"));
        Npy.Write(Path.Combine(dir, "uncond.npy"), Uncond, 1, 2, 3);
        File.WriteAllText(Path.Combine(dir, "generator.json"), $$"""
            { "schema": "facesynth.generator/1", "name": "ld-cli", "kind": "latent_diffusion",
              "embedding": { "dim": 4, "space": "test-space", "unit_norm": true },
              "output": { "width": 3, "height": 2, "range": "minus1_1", "aligned": "arcface112" },
              "latent_diffusion": { "uncond_context": "uncond.npy", "latent_shape": [4, 2, 3], "latent_scale": 1.5,
                "id_encoder": { "model": "id.onnx", "input": "e", "output": "ctx" },
                "unet": { "model": "unet.onnx", "sample": "sample", "timestep": "timestep", "context": "encoder_hidden_states", "output": "out" },
                "vae_decoder": { "model": "vae.onnx", "input": "latent", "output": "image" },
                "scheduler": { "train_steps": 20, "beta_schedule": "scaled_linear", "beta_start": 0.01, "beta_end": 0.2,
                               "prediction": "epsilon", "steps_offset": 1, "final_alpha": "first" },
                "defaults": { "sampler": "ddim", "steps": {{steps}}, "guidance_scale": 2.0 } } }
            """);
        return dir;
    }

    private static double AlphaBar(int k) => Enumerable.Range(0, k + 1).Aggregate(1.0, (a, m) =>
        a * (1 - Math.Pow(Math.Sqrt(0.01) + (m * (Math.Sqrt(0.2) - Math.Sqrt(0.01)) / 19), 2)));

    // With a constant ε = c, DDIM moves u = z / sqrt(ᾱ) by (s_p - s_t) c per step, s = sqrt((1 - ᾱ) / ᾱ):
    // z_final = sqrt(ᾱ_f) (z0 / sqrt(ᾱ_first) + (s_f - s_first) c). 4 steps of 20 / 4 = 5 from t = 16; past 0: ᾱ[0].
    private static byte[] Expected(float[] e, ulong imageSeed)
    {
        var rng = new SynthRandom(imageSeed, "generator/noise");
        double a0 = AlphaBar(16), af = AlphaBar(0);
        static double S(double ab) => Math.Sqrt((1 - ab) / ab);
        var ctxC = new double[Lc];
        for (int j = 0; j < Lc; j++)
        {
            for (int i = 0; i < Dim; i++)
            {
                ctxC[j] += e[i] * (double)Wid[(i * Lc) + j];
            }
        }

        var z = new double[Lz];
        for (int o = 0; o < Lz; o++)
        {
            double cu = 0, cc = 0;
            for (int j = 0; j < Lc; j++)
            {
                cu += Uncond[j] * (double)Wc[(j * Lz) + o];
                cc += ctxC[j] * Wc[(j * Lz) + o];
            }

            double c = cu + (Guidance * (cc - cu));
            z[o] = Math.Sqrt(af) * (((float)rng.Normal() / Math.Sqrt(a0)) + ((S(af) - S(a0)) * c));
        }

        var px = new byte[H * W * 3];
        for (int p = 0; p < H * W; p++)
        {
            for (int ch = 0; ch < 3; ch++)
            {
                double v = 0;
                for (int k = 0; k < C; k++)
                {
                    v += Wv[(ch * C) + k] * (z[(k * H * W) + p] / LatentScale);
                }

                px[(p * 3) + ch] = (byte)Math.Round(255 * Math.Clamp((v + 1) / 2, 0, 1), MidpointRounding.AwayFromZero);
            }
        }

        return px;
    }

    [Fact]
    public async Task SynthRenderRunsALatentDiffusionBundle()
    {
        string dir = TestPaths.NewTempDir();
        string bundle = Bundle(Directory.CreateDirectory(Path.Combine(dir, "gen")).FullName, 4);
        string ids = Directory.CreateDirectory(Path.Combine(dir, "ids")).FullName;
        float[] x = [1f, 0f, 0f, 0f, 0f, 0.6f, 0.8f, 0f];
        Npy.Write(Path.Combine(ids, "identities.npy"), new EmbeddingMatrix(x, 2, 4));
        File.WriteAllText(Path.Combine(ids, "manifest.json"), "{ \"embedding_space\": \"test-space\" }");
        string outDir = Path.Combine(dir, "out");
        var (code, stdout, err) = await Run("synth", "render", "--identities", ids, "--generator", bundle, "--per-identity", "2", "--out", outDir, "--png", "--seed", "7", "--batch", "3");
        Assert.True(code == 0, err);
        Assert.Contains("rendered 4 images of 2 identities", stdout, StringComparison.Ordinal);

        var rows = File.ReadAllLines(Path.Combine(outDir, "images.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(4, rows.Count);
        int unsaturated = 0;
        foreach (var r in rows)
        {
            int i = int.Parse(r[1], CultureInfo.InvariantCulture), a = int.Parse(r[3], CultureInfo.InvariantCulture);
            ulong seed = new SynthRandom(7, "render", (ulong)i, (ulong)a * 65536).Next();
            Assert.Equal(seed.ToString(CultureInfo.InvariantCulture), r[4]);
            Assert.Equal("ok", r[7]);
            var img = ImageDecoder.DecodeFile(Path.Combine(outDir, r[0]));
            Assert.Equal((3, 2), (img.Width, img.Height));
            var expected = Expected(x[(i * 4)..((i + 1) * 4)], seed);
            for (int k = 0; k < expected.Length; k++)
            {
                Assert.InRange(img.Pixels[k] - expected[k], -1, 1);
                unsaturated += expected[k] is > 2 and < 253 ? 1 : 0;
            }
        }

        Assert.True(unsaturated >= 36, $"only {unsaturated} of 72 values inside (2, 253)");
        Assert.Contains("ld-cli", File.ReadAllText(Path.Combine(outDir, "manifest.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthRenderRefusesADiffusionBundleWithImpossibleSteps()
    {
        string dir = TestPaths.NewTempDir();
        string bundle = Bundle(Directory.CreateDirectory(Path.Combine(dir, "gen")).FullName, 21);
        string ids = Directory.CreateDirectory(Path.Combine(dir, "ids")).FullName;
        Npy.Write(Path.Combine(ids, "identities.npy"), new EmbeddingMatrix([1f, 0f, 0f, 0f], 1, 4));
        var (code, _, err) = await Run("synth", "render", "--identities", ids, "--generator", bundle, "--per-identity", "1", "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, code);
        Assert.Contains("generator.json", err, StringComparison.Ordinal);
        Assert.Contains("latent_diffusion.defaults.steps: 21 exceeds scheduler.train_steps (20)", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SynthRenderStepsOptionOverridesTheBundleDefault()
    {
        // A bundle whose default is 2 steps, run with --steps 4, must give the bytes of a bundle whose default is 4.
        string dir = TestPaths.NewTempDir();
        string ids = Directory.CreateDirectory(Path.Combine(dir, "ids")).FullName;
        Npy.Write(Path.Combine(ids, "identities.npy"), new EmbeddingMatrix([1f, 0f, 0f, 0f, 0f, 0.6f, 0.8f, 0f], 2, 4));
        File.WriteAllText(Path.Combine(ids, "manifest.json"), "{ \"embedding_space\": \"test-space\" }");
        string four = Bundle(Directory.CreateDirectory(Path.Combine(dir, "gen4")).FullName, 4);
        string two = Bundle(Directory.CreateDirectory(Path.Combine(dir, "gen2")).FullName, 2);
        var a = await Run("synth", "render", "--identities", ids, "--generator", four, "--per-identity", "1", "--out", Path.Combine(dir, "a"), "--png");
        var b = await Run("synth", "render", "--identities", ids, "--generator", two, "--per-identity", "1", "--out", Path.Combine(dir, "b"), "--png", "--steps", "4", "--sampler", "ddim");
        var c = await Run("synth", "render", "--identities", ids, "--generator", two, "--per-identity", "1", "--out", Path.Combine(dir, "c"), "--png");
        Assert.True(a.Code == 0 && b.Code == 0 && c.Code == 0, a.Err + b.Err + c.Err);
        var files = Directory.GetFiles(Path.Combine(dir, "a"), "*.png", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Path.Combine(dir, "a"), f)).Order().ToList();
        Assert.Equal(2, files.Count);
        foreach (var f in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "a", f)), File.ReadAllBytes(Path.Combine(dir, "b", f)));
        }

        Assert.Contains(files, f => !File.ReadAllBytes(Path.Combine(dir, "a", f)).SequenceEqual(File.ReadAllBytes(Path.Combine(dir, "c", f))));

        var tooMany = await Run("synth", "render", "--identities", ids, "--generator", two, "--per-identity", "1", "--out", Path.Combine(dir, "d"), "--steps", "21");
        Assert.Equal(2, tooMany.Code);
        Assert.Contains("--steps 21", tooMany.Err, StringComparison.Ordinal);
        var sampler = await Run("synth", "render", "--identities", ids, "--generator", two, "--per-identity", "1", "--out", Path.Combine(dir, "e"), "--sampler", "euler");
        Assert.Equal(2, sampler.Code);
        Assert.Contains("--sampler", sampler.Err, StringComparison.Ordinal);
    }
}
