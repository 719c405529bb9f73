using FaceSynth.Synthesis;
using FaceSynth.Vision.Generation;
using FaceSynth.Vision.Images;

namespace FaceSynth.Vision.Tests;

public class LatentDiffusionGeneratorTests
{
    private static readonly float[] Emb = [1f, 0f, 0f, 0f, -0.6f, 0.8f, 0f, 0f, 0.5f, 0.5f, 0.5f, 0.5f];
    private static readonly ulong[] Seeds = [11, 12, 0xFFFF_0000_1234];

    // The stub bundle's schedule by hand: linear β_k = 0.05 + k 0.25 / 9, T_train = 10, 3 steps of 10 / 3 = 3,
    // steps_offset 1: t = 7, 4, 1 with previous 4, 1, -2 (final_alpha "first": ᾱ[0]).
    private static double AlphaBar(int k) => Enumerable.Range(0, k + 1).Aggregate(1.0, (a, m) => a * (1 - (0.05 + (m * 0.25 / 9))));

    private static readonly (int T, int P)[] HandPlan = [(7, 4), (4, 1), (1, 0)];

    // The 6.3 loop in double precision, written out independently of the library.
    private static double[] Reference(DiffusionTestBundle b, ReadOnlySpan<float> e, ulong seed, double g, bool dpm)
    {
        var rng = new SynthRandom(seed, "generator/noise");
        var z = new double[DiffusionTestBundle.Lz];
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = (float)rng.Normal(); // the generator stores its starting latent in float32
        }

        double[] cu = [.. b.Uncond.Select(v => (double)v)], cc = b.Context(e);
        double[]? dPrev = null;
        double hPrev = 0;
        foreach (var (t, p) in HandPlan)
        {
            double[] eu = b.Eps(z, cu, t), ec = b.Eps(z, cc, t);
            double[] eps = g == 1 ? ec : [.. eu.Select((u, i) => u + (g * (ec[i] - u)))];
            double at = AlphaBar(t), ap = AlphaBar(p);
            if (!dpm)
            {
                for (int i = 0; i < z.Length; i++)
                {
                    double x0 = (z[i] - (Math.Sqrt(1 - at) * eps[i])) / Math.Sqrt(at);
                    z[i] = (Math.Sqrt(ap) * x0) + (Math.Sqrt(1 - ap) * eps[i]);
                }

                continue;
            }

            double aS = Math.Sqrt(at), sS = Math.Sqrt(1 - at), aT = Math.Sqrt(ap), sT = Math.Sqrt(1 - ap);
            double h = Math.Log(aT / sT) - Math.Log(aS / sS);
            var d = new double[z.Length];
            for (int i = 0; i < z.Length; i++)
            {
                d[i] = (z[i] - (sS * eps[i])) / aS;
                double dm = d[i];
                if (dPrev is not null)
                {
                    double r = hPrev / h;
                    dm = ((1 + (1 / (2 * r))) * d[i]) - (1 / (2 * r) * dPrev[i]);
                }

                z[i] = (sT / sS * z[i]) - (aT * (Math.Exp(-h) - 1) * dm);
            }

            dPrev = d;
            hPrev = h;
        }

        return z;
    }

    private static void AssertMatchesReference(DiffusionTestBundle b, IReadOnlyList<RgbImage> images, double g, bool dpm)
    {
        int unsaturated = 0;
        for (int r = 0; r < images.Count; r++)
        {
            var (px, values) = b.Decode(Reference(b, Emb.AsSpan(r * 4, 4), Seeds[r], g, dpm));
            Assert.Equal(3, images[r].Width);
            Assert.Equal(2, images[r].Height);
            for (int k = 0; k < px.Length; k++)
            {
                Assert.True(Math.Abs(images[r].Pixels[k] - px[k]) <= 1, $"row {r} value {k}: {images[r].Pixels[k]} vs reference {px[k]} ({values[k]})");
                unsaturated += Math.Abs(values[k]) < 0.95 ? 1 : 0;
            }
        }

        Assert.True(unsaturated >= 18 * images.Count / 2, $"only {unsaturated} unsaturated values: the check would be weak");
    }

    [Theory]
    [InlineData("ddim", 2.5, "int64")]
    [InlineData("ddim", 1.0, "int64")]
    [InlineData("ddim", 0.0, "int64")]
    [InlineData("dpmpp_2m", 2.5, "float32")]
    [InlineData("dpmpp_2m", 3.0, "int64")]
    public void DiffusionMatchesADoublePrecisionReference(string sampler, double g, string timestepType)
    {
        var b = new DiffusionTestBundle { TimestepType = timestepType };
        using var gen = GeneratorBundle.Open(b.Write(TestPaths.NewTempDir()));
        Assert.IsType<LatentDiffusionGenerator>(gen);
        var images = gen.Generate(Emb, 3, Seeds, new GenerationOptions(GuidanceScale: (float)g, BatchSize: 2, Sampler: sampler), CancellationToken.None);
        AssertMatchesReference(b, images, g, sampler == "dpmpp_2m");
    }

    [Fact]
    public void DiffusionBundleDefaultsApplyAndRowsAreBatchIndependent()
    {
        var b = new DiffusionTestBundle();
        using var gen = GeneratorBundle.Open(b.Write(TestPaths.NewTempDir()));
        Assert.Equal("test-space", gen.Descriptor.EmbeddingSpace);
        var all = gen.Generate(Emb, 3, Seeds, new GenerationOptions(BatchSize: 8), CancellationToken.None);
        AssertMatchesReference(b, all, 2.5, dpm: false); // defaults: ddim, 3 steps, guidance 2.5
        var last = gen.Generate(Emb.AsSpan(8, 4), 1, Seeds.AsSpan(2), new GenerationOptions(BatchSize: 1), CancellationToken.None);
        Assert.All(all[2].Pixels.Zip(last[0].Pixels), p => Assert.InRange(p.First - p.Second, -2, 2));
        Assert.NotEqual(all[0].Pixels, all[1].Pixels);

        // A different seed changes the image; the step count is honoured (one step differs from three).
        var other = gen.Generate(Emb.AsSpan(0, 4), 1, [99UL], new GenerationOptions(), CancellationToken.None);
        Assert.NotEqual(all[0].Pixels, other[0].Pixels);
        var one = gen.Generate(Emb.AsSpan(0, 4), 1, Seeds.AsSpan(0, 1), new GenerationOptions(Steps: 1), CancellationToken.None);
        Assert.NotEqual(all[0].Pixels, one[0].Pixels);
        Assert.Throws<ArgumentOutOfRangeException>(() => gen.Generate(Emb.AsSpan(0, 4), 1, Seeds.AsSpan(0, 1), new GenerationOptions(Steps: 11), CancellationToken.None));
        Assert.Throws<ArgumentException>(() => gen.Generate(Emb.AsSpan(0, 4), 1, Seeds.AsSpan(0, 1), new GenerationOptions(Sampler: "euler"), CancellationToken.None));
    }

    [Fact]
    public void DiffusionCancellationStopsTheLoop()
    {
        using var gen = GeneratorBundle.Open(new DiffusionTestBundle().Write(TestPaths.NewTempDir()));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => gen.Generate(Emb, 3, Seeds, new GenerationOptions(), cts.Token));
    }

    private static FaceSynthDataException BadBundle(DiffusionTestBundle b, Action<string>? damage = null)
    {
        string dir = b.Write(TestPaths.NewTempDir());
        damage?.Invoke(dir);
        return Assert.Throws<FaceSynthDataException>(() => GeneratorBundle.Open(dir).Dispose());
    }

    [Fact]
    public void BadDiffusionBundlesNameTheFileAndField()
    {
        var ex = BadBundle(new DiffusionTestBundle(), d => File.Delete(Path.Combine(d, "unet.onnx")));
        Assert.Contains("generator.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("latent_diffusion.unet.model", ex.Message, StringComparison.Ordinal);
        Assert.Contains("unet.onnx", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle { UnetSampleDims = [-1, 4, 4, 4] });
        Assert.True(ex.Message.Contains("latent_diffusion.latent_shape [4, 2, 3]", StringComparison.Ordinal), ex.Message);
        Assert.Contains("unet.onnx", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle { Defaults = """{ "steps": -2, "guidance_scale": 1 }""" });
        Assert.Contains("latent_diffusion.defaults.steps: -2 must be at least 1", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle { Defaults = """{ "steps": 11, "guidance_scale": 1 }""" });
        Assert.Contains("exceeds scheduler.train_steps (10)", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle { Defaults = """{ "steps": 10, "guidance_scale": 1 }""" }); // offset 1: timestep 10
        Assert.Contains("beyond the last trained timestep 9", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle { Scheduler = """{ "train_steps": 10, "beta_schedule": "cosine", "beta_start": 0.05, "beta_end": 0.3 }""" });
        Assert.Contains("latent_diffusion.scheduler.beta_schedule", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle { Scheduler = """{ "train_steps": 10, "beta_schedule": "linear", "beta_start": 0.05 }""" });
        Assert.Contains("latent_diffusion.scheduler.beta_end: missing or non-finite number", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle { Scheduler = """{ "train_steps": 5000, "beta_schedule": "linear", "beta_start": 0.5, "beta_end": 0.9 }""" }); // 0.5^5000 < 1e-308
        Assert.Contains("underflows to 0", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle { Scheduler = """{ "train_steps": 10, "beta_schedule": "linear", "beta_start": 0.05, "beta_end": 0.3, "prediction": "v_prediction" }""" });
        Assert.Contains("latent_diffusion.scheduler.prediction", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle(), d => File.WriteAllText(Path.Combine(d, "generator.json"), File.ReadAllText(Path.Combine(d, "generator.json")).Replace("\"int64\"", "\"float32\"", StringComparison.Ordinal))); // the UNet takes int64
        Assert.Contains("latent_diffusion.unet.timestep_type", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle(), d => File.WriteAllText(Path.Combine(d, "generator.json"), File.ReadAllText(Path.Combine(d, "generator.json")).Replace("\"encoder_hidden_states\"", "\"ctx\"", StringComparison.Ordinal)));
        Assert.Contains("has no input 'ctx'", ex.Message, StringComparison.Ordinal);

        ex = BadBundle(new DiffusionTestBundle(), d => File.WriteAllText(Path.Combine(d, "generator.json"), File.ReadAllText(Path.Combine(d, "generator.json")).Replace("\"latent_shape\": [4, 2, 3]", "\"latent_shape\": [4, 0, 3]", StringComparison.Ordinal)));
        Assert.Contains("latent_diffusion.latent_shape", ex.Message, StringComparison.Ordinal);
    }
}
